// MARK: - Offer/answer (RFC 3264)

extension SDPSession {
    /// An offer with one RTP/AVP audio stream (RFC 3264 §5), G.711 µ-law and A-law by default.
    ///
    /// The address goes in a session-level `c=`; the direction and ptime in media-level attributes.
    /// ```swift
    /// let offer = SDPSession.offer(
    ///     origin: SDPOrigin(sessionID: "1", sessionVersion: 1, address: SDPAddress(ip: "192.0.2.10")),
    ///     port: 40000, codecs: [.pcmu, .pcma, .telephoneEvent()])
    /// ```
    public static func offer(
        origin: SDPOrigin, address: SDPAddress? = nil, port: UInt16, codecs: [SDPCodec] = [.pcmu, .pcma],
        direction: SDPDirection = .sendrecv, ptime: Int? = 20, name: String = "-"
    ) -> SDPSession {
        SDPSession(
            origin: origin, name: name, connection: address ?? origin.address,
            media: [.audio(port: port, codecs: codecs, direction: direction, ptime: ptime)])
    }

    /// Answers this offer (RFC 3264 §6).
    ///
    /// - The first active `RTP/AVP` audio stream whose formats include a supported voice codec is accepted: its
    ///   formats are the offered ones that match `supported` (encoding, clock rate, channels), in the offerer's
    ///   order and with the offerer's payload type numbers (§6.1), each with our `a=fmtp`.
    /// - Its direction is the offered one answered with `direction` as the preference (§6.1).
    /// - Every other stream (video, a second audio stream, SRTP, …) is rejected with port 0, keeping its type,
    ///   transport and formats, so the answer has as many `m=` lines as the offer, in the same order (§6).
    /// - `origin` is the answerer's own; increase its version for each new answer in the session (§8).
    ///
    /// Throws ``SDPNegotiationError`` (answer 488) when no audio stream can be accepted.
    public func answer(
        origin: SDPOrigin, address: SDPAddress? = nil, port: UInt16, supporting supported: [SDPCodec] = [.pcmu, .pcma],
        direction preferred: SDPDirection = .sendrecv, ptime: Int? = nil, name: String = "-"
    ) throws(SDPNegotiationError) -> SDPSession {
        var answer = SDPSession(origin: origin, name: name, connection: address ?? origin.address)
        var accepted = false
        var sawAudio = false
        for offered in media {
            if !accepted, offered.isRTPAudio, !offered.isRejected {
                sawAudio = true
                let common = Self.intersect(offered: offered.codecs, supported: supported)
                if common.contains(where: { !$0.isAuxiliary }) {
                    let dir = direction(of: offered).answer(preferring: preferred)
                    answer.media.append(.audio(port: port, codecs: common, direction: dir, ptime: ptime))
                    accepted = true
                    continue
                }
            }
            // RFC 3264 §6: a rejected stream keeps its m= line with port 0.
            answer.media.append(SDPMedia(type: offered.type, port: 0, transport: offered.transport, formats: offered.formats))
        }
        guard accepted else {
            if sawAudio {
                let names = supported.filter { !$0.isAuxiliary }.map(\.encoding).joined(separator: ", ")
                throw SDPNegotiationError(.noCommonCodec, "no offered audio codec is supported (supported: \(names))")
            }
            throw SDPNegotiationError(.noAudio, "the offer has no active RTP/AVP audio stream")
        }
        return answer
    }

    /// The offered codecs that match a supported one, in the offerer's order, with the offered payload type and
    /// the supported codec's fmtp.
    static func intersect(offered: [SDPCodec], supported: [SDPCodec]) -> [SDPCodec] {
        var out: [SDPCodec] = []
        for codec in offered {
            guard let ours = supported.first(where: { $0.matches(codec) }),
                !out.contains(where: { $0.matches(codec) })
            else { continue }
            var chosen = codec
            chosen.fmtp = ours.fmtp
            out.append(chosen)
        }
        return out
    }

    /// A re-offer of this description (our previous offer or answer) with every active stream set to `direction`,
    /// and the `o=` version increased by one (RFC 3264 §8). A session-level direction moves to the media level.
    public func reoffer(direction: SDPDirection) -> SDPSession {
        reoffer { _ in direction }
    }

    /// A re-offer putting the call on hold (RFC 3264 §8.4): `sendrecv` streams become `sendonly`, `recvonly`
    /// ones `inactive`.
    public func holding() -> SDPSession { reoffer { $0.holding } }

    /// A re-offer taking the call off hold: `sendonly` streams become `sendrecv`, `inactive` ones `recvonly`.
    public func resuming() -> SDPSession { reoffer { $0.resuming } }

    /// Applies `change` to the direction of each active stream and bumps the version.
    func reoffer(_ change: (SDPDirection) -> SDPDirection) -> SDPSession {
        var next = self
        next.origin.sessionVersion &+= 1
        next.direction = nil
        for k in next.media.indices where !next.media[k].isRejected {
            next.media[k].direction = change(direction(of: media[k]))
        }
        return next
    }
}
