import SIPCore
import SIPDialog
import SIPTransport

/// The transferee's side of call transfer (RFC 3515 §2.4): accept a REFER, call the Refer-To target with the
/// REFER's Referred-By (RFC 3892 §3) and any Replaces it names (RFC 3891 §3), and report progress in NOTIFYs.
extension SIPTestAgent {
    /// Accepts an in-dialog REFER with 202 and starts calling its target; a REFER outside a known dialog gets 481.
    func acceptRefer(_ incoming: SIPServerRequest) async {
        let request = incoming.request
        guard let id = SIPDialogID.forReceived(request), var current = calls[id.callID], current.id == id else {
            await refuse(incoming, .callDoesNotExist)
            return
        }
        // RFC 3515 §2.4.1: exactly one Refer-To; only SIP URIs are called here.
        guard request.headerFields.values(.referTo).count == 1, let referTo = try? request.headerFields.referTo, referTo.uri.isSIP else {
            await refuse(incoming, .badRequest)
            return
        }
        do {
            try current.dialog.receivedRequest(request)
        } catch {
            await refuse(incoming, .serverInternalError)
            return
        }
        calls[id.callID] = current
        await endpoint.respond(request.makeResponse(.accepted), to: incoming)
        record(.referred(callID: id.callID, target: referTo.uri))
        // RFC 3515 §2.4.6: a second REFER in the dialog has its NOTIFYs carry id = its CSeq.
        var key = SIPSubscriptionKey(dialog: id, package: "refer")
        if notifiers[key] != nil, let cseq = try? request.headerFields.cSeq { key.id = String(cseq.sequence) }
        notifiers[key] = IncomingSubscription(
            machine: SIPNotifier(key: key), dialog: current.dialog, destination: current.destination, sharesCallDialog: true,
            contentType: "message/sipfrag;version=2.0", body: "SIP/2.0 100 Trying\r\n")
        let referredBy = request.headerFields[.referredBy]
        // Not awaited: the new call's responses and the NOTIFY answers arrive while this agent keeps handling requests.
        Task { await self.carryOutTransfer(key, target: referTo.uri, referredBy: referredBy) }
    }

    /// Calls the Refer-To target and NOTIFYs the transferor: `100 Trying` first, then the final status, which ends
    /// the implicit subscription with reason `noresource` (RFC 3515 §2.4.4, §2.4.5, §2.4.7).
    private func carryOutTransfer(_ key: SIPSubscriptionKey, target: SIPURI, referredBy: String?) async {
        if var entry = notifiers[key] {
            let actions = entry.machine.acceptedImplicitly(expires: 60, now: .now)
            notifiers[key] = entry
            await perform(actions, notifier: key)
        }
        var headers: [(SIPHeaderName, String)] = []
        if let referredBy { headers.append((.referredBy, referredBy)) }
        var requestURI = target
        requestURI.headers = []  // RFC 3261 §19.1.5: URI headers become headers of the request, not part of its URI
        var final: (code: Int, reason: String) = (200, "OK")
        if let escaped = target.headers.first(where: { $0.name.lowercased() == "replaces" }) {
            if let replaces = try? SIPReplaces(SIPURI.percentDecoded(escaped.value)) {
                headers.append((.replaces, replaces.description))
            } else {
                final = (400, "Bad Request")
            }
        }
        if final.code == 200 {
            if let destination = SIPDestination.forURI(requestURI) ?? outboundProxy {
                do {
                    _ = try await call(requestURI, at: destination, headers: headers)
                } catch SIPTestAgentError.rejected(let code, let reason) {
                    final = (code, reason)
                } catch {
                    final = (500, "Server Internal Error")
                }
            } else {
                final = (404, "Not Found")  // host names are not resolved by the test agent (set an outbound proxy)
            }
        }
        if var entry = notifiers[key] {
            entry.body = "SIP/2.0 \(final.code) \(final.reason)\r\n"
            let actions = entry.machine.terminate(reason: .noresource, now: .now)
            notifiers[key] = entry
            await perform(actions, notifier: key)
        }
        record(.transferResult(callID: key.dialog.callID, status: final.code))
    }
}
