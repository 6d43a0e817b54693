import CallPark
import NIOCore
import SIPCore
import SIPDialog
import SIPTransport

/// What the park service's driver keeps beside one ``ParkedCallStateMachine``: the SIP dialogs and pending
/// transactions its actions act on.
struct ParkedCallEntry {
    /// The pure machine.
    var machine: ParkedCallStateMachine
    /// Dialog P with the parkee, once it exists (SPEC §5: the service's leg that plays music).
    var parkee: SIPDialog?
    /// Where P's in-dialog requests go.
    var parkeeDestination: SIPDestination?
    /// The parkee's INVITE to the service (flows B and C), until it is answered.
    var parkeeInvite: SIPServerRequest?
    /// The parkee's SDP (offer in B and C, answer in A): where its RTP goes.
    var parkeeSDP: SDPSession?
    /// Our SDP on P.
    var localSDP: SDPSession?
    /// Retrievers' dialogs R (and the parker's ring-back dialog), by Call-ID.
    var retrievers: [String: RetrieverLeg] = [:]
    /// The pending ring-back INVITE's branch, for CANCEL.
    var ringBackBranch: String?
    /// The control dialog (flow A), once answered, and the parker's INVITE until then.
    var control: SIPDialog?
    var controlInvite: SIPServerRequest?
    var controlDestination: SIPDestination?
    /// The INVITE with Replaces sent to the parkee (flow A), for CANCEL.
    var parkeeInviteBranch: String?
    /// Timers armed by the machine.
    var timers: [ParkedCallStateMachine.Timer: Scheduled<Void>] = [:]
    /// The music stream playing to the parkee.
    var music: MusicStreamID?
    /// Whether the parkee's ACK of our 200 has arrived (flows B and C): a BYE waits for it (RFC 3261 §15).
    var parkeeConfirmed = false
    var byeAfterACK = false
    /// The record last written to the store.
    var stored: ParkedCallRecord?
}

/// One retriever's dialog R with the service.
struct RetrieverLeg {
    var dialog: SIPDialog
    var destination: SIPDestination
    /// Its INVITE, until answered (a retrieve; a ring-back has none: we are the UAC).
    var invite: SIPServerRequest?
    var retriever: Retriever?
}

/// Identifies one of the park service's dialogs from an in-dialog request: Call-ID and our local tag.
struct ParkDialogKey: Hashable {
    var callID: String
    var localTag: String
}

/// Which leg of a parked call a dialog is.
enum ParkLeg: Hashable {
    case parkee
    case retriever(callID: String)
    case control
}

/// A retriever's dialog R kept after its parked call ended, until the retriever ends it or it is reaped.
struct Lingering {
    var dialog: SIPDialog
    var destination: SIPDestination
    var reaper: Scheduled<Void>?
}
