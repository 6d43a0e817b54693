import CallPark
import SIPCore
import Testing
import Topology

typealias Machine = ParkedCallStateMachine
typealias Action = ParkedCallStateMachine.Action

/// Values shared by the tests: the demo deployment's names (SPEC §7), FLOWS.md's parties.
enum Fixtures {
    static func uri(_ text: String) -> SIPURI { try! SIPURI(text) }
    static func orbit(_ text: String) -> Orbit { try! Orbit(parsing: text) }

    static let orbit3042 = orbit("*3042")
    static let bob = uri("sip:bob@callpark.test")
    static let aliceContact = uri("sip:alice@192.0.2.1:5062")
    static let aliceIdentity = uri("sip:alice@callpark.test")
    static let parkee = Parkee(contact: aliceContact, identity: aliceIdentity, displayName: "Alice")
    static let operatorURI = uri("sip:operator@callpark.test")
    static let dave = Retriever(
        identity: uri("sip:dave@callpark.test"), contact: uri("sip:dave@192.0.2.4:5064"),
        dialog: SIPReplaces(callID: "r-1@192.0.2.4", toTag: "dave-tag", fromTag: "cps-tag"))
    static let erin = Retriever(
        identity: uri("sip:erin@callpark.test"), contact: uri("sip:erin@192.0.2.5:5066"),
        dialog: SIPReplaces(callID: "r-2", toTag: "erin-tag", fromTag: "cps-tag-2"))
    /// Bob answering a ring-back: the service is the UAC of that dialog, bob's tag is the To tag of its 200 OK.
    static let bobRingBack = Retriever(
        identity: bob, contact: uri("sip:bob@192.0.2.2:5062"), dialog: SIPReplaces(callID: "rb-1", toTag: "bob-tag", fromTag: "cps-rb"))
    static let parkRequest = ParkRequest(
        requestID: "r-17", parkee: aliceContact, replaces: SIPReplaces(callID: "a84b4c76e66710", toTag: "314159", fromTag: "1928301774"))

    static func machine(_ method: ParkMethod = .directed, settings: CallParkSettings = .defaults) -> Machine {
        Machine(id: "pc-1", pool: "pool-a", orbit: orbit3042, method: method, parker: bob, parkee: parkee, settings: settings)
    }

    /// A machine parked at `t` = 0: started, then answered (A) or confirmed (B, C).
    static func parked(_ method: ParkMethod = .directed, settings: CallParkSettings = .defaults) -> Machine {
        var machine = machine(method, settings: settings)
        _ = machine.start(now: 0)
        if case .controlDialog = method { _ = machine.parkeeAnswered(now: 0) } else { _ = machine.parkeeConfirmed(now: 0) }
        return machine
    }

    /// Parked at 0, ringing back from `pickupTimeout` (attempt 1).
    static func ringingBack(_ method: ParkMethod = .directed, settings: CallParkSettings = .defaults) -> Machine {
        var machine = parked(method, settings: settings)
        _ = machine.timerFired(.pickup, now: Double(settings.pickupTimeout))
        return machine
    }

    /// Parked at 0, dave's retrieve at 20 answered and ACKed: REFER sent.
    static func handingOver(_ method: ParkMethod = .directed, accepted: Bool = true) -> Machine {
        var machine = parked(method)
        _ = machine.retrieveRequested(by: dave, now: 20)
        _ = machine.retrieverConfirmed(now: 20.1)
        if accepted { _ = machine.referAccepted(now: 20.2) }
        return machine
    }

    /// Parked at 0, no ring-back answered, last attempt over at 120: REFER to the fallback sent.
    static func transferringToFallback(_ method: ParkMethod = .directed, accepted: Bool = false) -> Machine {
        var machine = ringingBack(method, settings: CallParkSettings(onTimeoutURI: "sip:operator@callpark.test"))
        _ = machine.timerFired(.ringback, now: 120)
        if accepted { _ = machine.referAccepted(now: 120.1) }
        return machine
    }

    static let controlDialog = ParkMethod.controlDialog(parkRequest)

    static func user(_ name: String, enabled: Bool = true, home: String = "pool-a") -> User {
        User(name: name, homePool: home, callParkEnabled: enabled, ha1MD5: "", ha1SHA256: "")
    }

    static func range(_ name: String, _ start: String, _ end: String, pool: String = "pool-a") -> OrbitRange {
        OrbitRange(name: name, start: orbit(start), end: orbit(end), pool: pool)
    }

    static let demoRange = range("a", "*3000", "*3099")
}

/// A deterministic random number generator (SplitMix64) for the allocator tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A manual clock for scenario tests: it performs the machine's `.schedule` and `.cancel` actions and fires due
/// timers in order as time advances, collecting every action with the time it was returned.
struct ManualTimers {
    var machine: Machine
    var now: Double = 0
    var pending: [Machine.Timer: Double] = [:]
    var log: [(time: Double, action: Action)] = []

    init(_ machine: Machine) { self.machine = machine }

    /// Feeds an event at `time` (after firing every timer due before it) and returns its actions.
    @discardableResult
    mutating func at(_ time: Double, _ event: (inout Machine, Double) -> [Action]) -> [Action] {
        advance(to: time)
        let actions = event(&machine, time)
        perform(actions, at: time)
        return actions
    }

    /// Fires every timer due up to `time`, in order.
    mutating func advance(to time: Double) {
        while let (timer, due) = pending.min(by: { $0.value < $1.value }), due <= time {
            pending[timer] = nil
            now = due
            perform(machine.timerFired(timer, now: due), at: due)
        }
        now = time
    }

    mutating func perform(_ actions: [Action], at time: Double) {
        for action in actions {
            log.append((time, action))
            switch action {
            case .schedule(let timer, let after): pending[timer] = time + after
            case .cancel(let timer): pending[timer] = nil
            default: break
            }
        }
    }

    /// The actions returned at `time`.
    func actions(at time: Double) -> [Action] { log.filter { $0.time == time }.map(\.action) }

    /// Times at which ring-backs started, with their attempt numbers.
    var ringBacks: [(time: Double, attempt: Int)] {
        log.compactMap { entry in
            if case .ringBack(_, let attempt) = entry.action { return (entry.time, attempt) }
            return nil
        }
    }
}
