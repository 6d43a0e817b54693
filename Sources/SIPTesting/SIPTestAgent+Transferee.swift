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
        let referredBy = request.headerFields[.referredBy]
        // Not awaited: the new call's responses and the NOTIFY answers arrive while this agent keeps handling requests.
        Task { await self.carryOutTransfer(subscription: current, target: referTo.uri, referredBy: referredBy) }
    }

    /// Calls the Refer-To target and NOTIFYs the transferor: `100 Trying` first, then the final status, which ends
    /// the implicit subscription (RFC 3515 §2.4.4, §2.4.5).
    private func carryOutTransfer(subscription: Call, target: SIPURI, referredBy: String?) async {
        var subscription = subscription
        await notify(&subscription, status: (100, "Trying"), state: "active;expires=60")
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
            if let destination = SIPDestination.forURI(requestURI) {
                do {
                    _ = try await call(requestURI, at: destination, headers: headers)
                } catch SIPTestAgentError.rejected(let code, let reason) {
                    final = (code, reason)
                } catch {
                    final = (500, "Server Internal Error")
                }
            } else {
                final = (404, "Not Found")  // host names are not resolved by the test agent
            }
        }
        await notify(&subscription, status: final, state: "terminated;reason=noresource")
        record(.transferResult(callID: subscription.id.callID, status: final.code))
    }

    /// Sends one NOTIFY of the `refer` subscription in the REFER's dialog with a `message/sipfrag` status line.
    private func notify(_ subscription: inout Call, status: (code: Int, reason: String), state: String) async {
        let callID = subscription.id.callID
        // While the call is up its dialog is the live one, so CSeq numbers stay in step with its other requests;
        // after a BYE the subscription still uses the dialog as it was (RFC 3515 §2.4.6 lets it outlive the call).
        if let live = calls[callID] { subscription = live }
        let body = Array("SIP/2.0 \(status.code) \(status.reason)\r\n".utf8)
        var notify = subscription.dialog.makeRequest(.notify, body: body, contentType: "message/sipfrag;version=2.0")
        if calls[callID] != nil { calls[callID] = subscription }
        notify.headerFields.append(.event, "refer")
        notify.headerFields.append(.subscriptionState, state)
        _ = await endpoint.request(notify, to: subscription.destination)
    }
}
