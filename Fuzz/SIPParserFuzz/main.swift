// libFuzzer entry point for the SIPCore parser. Build and run with `Fuzz/run.sh`.
//
// For each input it checks properties that must hold for any bytes; a violation is a bug and stops the run
// with `fatalError`, which libFuzzer records as a crash:
// - the datagram parser, `validate()`, every typed header accessor and the framer never trap (overflow, index out of
//   range) or touch bad memory (AddressSanitizer): bad input only ever ends in a `SIPParseError`;
// - `parse(serialized)` of a parsed message gives the same message, and serialising again gives the same bytes;
// - typed values (URIs, addresses, Vias) print as text that parses back to the same value;
// - the same holds for the input with bare LFs read as CRLF (`callpark sip check --lf`);
// - the stream framer gives the same frames whether the input arrives whole, in two pieces or byte by byte,
//   and agrees with the datagram parser on a message with a Content-Length at the start of the input.

import SIPCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// SwiftPM links an executable target with its own `main` (this file's top-level code), which takes the place of
// libFuzzer's, so start libFuzzer's driver from here.
@_silgen_name("LLVMFuzzerRunDriver")
private func runLibFuzzer(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runLibFuzzer(&argc, &argv, fuzz))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let datagram = checkDatagram(bytes)
    checkFramer(bytes, datagram: datagram)
    // This also lets LF-only inputs reach past the header split.
    let normalized = SIPMessageCheck.crlfNormalized(bytes)
    if normalized != bytes { _ = checkDatagram(normalized) }
    return 0
}

private func checkDatagram(_ bytes: [UInt8]) -> SIPMessage? {
    guard let message = try? SIPMessageParser().parse(bytes) else { return nil }
    checkTypedHeaders(message)
    checkRoundTrip(message, checkValidity: true)
    return message
}

private func fail(_ what: String, _ details: [String: Any] = [:]) -> Never {
    let lines = details.sorted { $0.key < $1.key }.map { "  \($0.key): \(String(reflecting: $0.value))" }
    fatalError(([what] + lines).joined(separator: "\n"))
}

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

// MARK: - Serialisation round trip

/// The message with its Content-Length lines removed: the serializer adds one when absent.
private func withoutContentLength(_ m: SIPMessage) -> SIPMessage {
    var copy = m
    copy.headerFields.removeAll(.contentLength)
    return copy
}

private func checkRoundTrip(_ m: SIPMessage, checkValidity: Bool) {
    let wire = m.serialized
    // PARSING.md: expanding compact names can push a message near the size limit past it; that is allowed.
    if wire.count > SIPMessageParser().limits.maxMessageSize { return }
    let again: SIPMessage
    do { again = try SIPMessageParser().parse(wire) } catch {
        fail("the serialized form does not parse", ["error": "\(error)", "serialized": text(wire)])
    }
    let sameMessage = m.headerFields.contains(.contentLength) ? again == m : withoutContentLength(again) == withoutContentLength(m)
    if !sameMessage {
        fail(
            "parse(serialized) differs from the message",
            ["first": m.headerFields.fields, "second": again.headerFields.fields, "serialized": text(wire)])
    }
    let wire2 = again.serialized
    if wire2 != wire { fail("serializing twice gives different bytes", ["once": text(wire), "twice": text(wire2)]) }
    guard checkValidity else { return }
    let (error1, error2) = (validationError(m), validationError(again))
    if (error1 == nil) != (error2 == nil) {
        fail(
            "validate() gives a different verdict on the serialized form",
            ["before": "\(String(describing: error1))", "after": "\(String(describing: error2))", "serialized": text(wire)])
    }
}

private func validationError(_ m: SIPMessage) -> SIPParseError? {
    do { try m.validate() } catch { return error }
    return nil
}

// MARK: - Typed headers

private func checkURI(_ uri: SIPURI) {
    _ = (uri.decodedUser, uri.hostPort, uri.isSIP)
    let printed = uri.description
    guard let again = try? SIPURI(printed) else { fail("a parsed URI prints as text that does not parse", ["uri": uri, "text": printed]) }
    if again != uri { fail("a URI changes when printed and parsed again", ["first": uri, "second": again, "text": printed]) }
}

private func checkAddress(_ a: SIPNameAddress) {
    checkURI(a.uri)
    _ = (a.tag, a.expires, a.q)
    let printed = a.description
    guard let again = try? SIPNameAddress(printed) else {
        fail("a parsed address prints as text that does not parse", ["address": a, "text": printed])
    }
    // The form (quoted, angle brackets or none) may legitimately change; what it says may not.
    if again.displayName != a.displayName || again.uri != a.uri || again.parameters != a.parameters {
        fail("an address changes when printed and parsed again", ["first": a, "second": again, "text": printed])
    }
}

private func checkVia(_ v: SIPVia) {
    _ = (v.branch, v.received, v.rport, v.hasMagicCookie)
    let printed = v.description
    guard let again = try? SIPVia(printed) else { fail("a parsed Via prints as text that does not parse", ["via": v, "text": printed]) }
    if again != v { fail("a Via changes when printed and parsed again", ["first": v, "second": again, "text": printed]) }
}

/// Reads every typed header on its own (validate() stops at the first error) and round-trips what parses.
private func checkTypedHeaders(_ m: SIPMessage) {
    if let uri = m.request?.uri { checkURI(uri) }
    let h = m.headerFields
    for v in (try? h.via) ?? [] { checkVia(v) }
    if let v = try? h.topVia { checkVia(v) }
    let single = [try? h.from, try? h.to, try? h.referTo, try? h.referredBy]
    for a in single.compactMap({ $0 }) + ((try? h.route) ?? []) + ((try? h.recordRoute) ?? []) { checkAddress(a) }
    if case .addresses(let list)? = try? h.contacts { list.forEach(checkAddress) }
    _ = try? h.callID
    _ = try? h.cSeq
    _ = try? h.maxForwards
    _ = try? h.contentLength
    _ = try? h.contentType
    _ = try? h.expires
    _ = try? h.minExpires
    _ = try? h.supported
    _ = try? h.require
    _ = try? h.allow
    _ = try? h.replaces
    _ = (try? h.event)?.id
    _ = (try? h.subscriptionState).map { ($0.expires, $0.reason) }
    let credentials = [try? h.authorization, try? h.proxyAuthorization, try? h.wwwAuthenticate, try? h.proxyAuthenticate]
    for auth in credentials.compactMap({ $0 }).joined() { _ = auth.parameters.map { auth.value($0.name) } }
    _ = try? h.warnings
    _ = try? h.retryAfter
    _ = try? h.sessionExpires
    _ = h.elements(.allow)
}

// MARK: - Stream framer

private struct FramerRun: Equatable {
    var frames: [SIPStreamFramer.Frame] = []
    var error: SIPParseError?
}

/// Feeds `chunks` one after the other, taking every frame after each.
private func frame(_ chunks: [ArraySlice<UInt8>]) -> FramerRun {
    var framer = SIPStreamFramer()
    var run = FramerRun()
    do {
        for chunk in chunks {
            framer.append(chunk)
            while let f = try framer.next() { run.frames.append(f) }
        }
    } catch {
        run.error = error
    }
    return run
}

private func checkFramer(_ bytes: [UInt8], datagram: SIPMessage?) {
    let whole = frame([bytes[...]])
    let cut = bytes.isEmpty ? 0 : (Int(bytes[0]) << 8 | Int(bytes[bytes.count - 1])) % (bytes.count + 1)
    let split = frame([bytes[..<cut], bytes[cut...]])
    if split != whole { fail("the framer's result depends on where the input is split", ["cut": cut, "whole": whole, "split": split]) }
    if bytes.count <= 512 {
        let byByte = frame(bytes.indices.map { bytes[$0...$0] })
        if byByte != whole { fail("the framer's result differs when fed byte by byte", ["whole": whole, "byte by byte": byByte]) }
    }
    for case .message(let m) in whole.frames { checkRoundTrip(m, checkValidity: false) }
    // A datagram with a Content-Length is delimited the same way on a stream (leading CRLFs are keep-alives there).
    if let datagram, datagram.headerFields.contains(.contentLength), !(bytes.count >= 2 && bytes[0] == 0x0D && bytes[1] == 0x0A) {
        guard case .message(let m)? = whole.frames.first else {
            fail("the framer does not return the message the datagram parser accepts", ["framer": whole, "datagram": datagram])
        }
        if m != datagram { fail("the framer and the datagram parser disagree", ["framer": m, "datagram": datagram]) }
    }
}
