import SIPCore
import SIPDialog
import SIPTransport

/// The target's side of an INVITE with Replaces (RFC 3891 §3).
extension SIPTestAgent {
    /// Accepts an INVITE whose Replaces names a confirmed call of this agent and ends that call with BYE once the new
    /// one is confirmed; answers 481 when no call matches and 486 for `early-only` against a confirmed call.
    func answerReplacing(_ incoming: SIPServerRequest) async {
        let request = incoming.request
        let callID = (try? request.headerFields.callID) ?? "?"
        guard let replaces = try? request.headerFields.replaces else {
            await refuse(incoming, .badRequest, toTag: SIPIdentifiers.tag())
            return
        }
        // RFC 3891 §3: to-tag is this side's local tag and from-tag the peer's; only confirmed dialogs are kept here.
        guard let old = calls[replaces.callID], old.id.localTag == replaces.toTag, old.id.remoteTag == replaces.fromTag,
            old.dialog.state == .confirmed
        else {
            await refuse(incoming, .callDoesNotExist, toTag: SIPIdentifiers.tag())
            return
        }
        if replaces.earlyOnly {
            await refuse(incoming, .busyHere, toTag: SIPIdentifiers.tag())
            return
        }
        await answer(incoming)
        guard calls[callID] != nil else { return }  // the answer policy refused it
        record(.replaced(callID: old.id.callID, by: callID))
        // Not awaited: the ACK that confirms the new call comes through this agent's request loop.
        Task {
            _ = try? await self.waitFor(within: .seconds(5)) { $0 == .confirmed(callID: callID) }
            try? await self.hangUp(old)
        }
    }
}
