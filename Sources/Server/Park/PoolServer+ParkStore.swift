import CallPark
import Logging
import SIPCore
import SIPDialog
import SIPTransport
import Store
import Topology

/// A write of the park service to the store, applied in order by one task (SPEC §5 "Parked-call records").
enum ParkStoreWrite: Sendable {
    case save(ParkedCallRecord)
    case remove(id: String)
    case event(ParkEvent)
}

extension PoolServer {
    /// Applies the park service's writes in order, until the stream ends.
    func applyParkWrites(_ writes: AsyncStream<ParkStoreWrite>) async {
        let store = self.store
        for await write in writes {
            do {
                switch write {
                case .save(let record): try await store.saveParkedCall(record)
                case .remove(let id): try await store.removeParkedCall(id: id)
                case .event(let event): try await store.recordParkEvent(event)
                }
            } catch {
                logger.warning("park record not stored", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Keeps the store's record of a parked call in step with its machine (once its dialog P exists).
    func storeRecord(of id: String) {
        guard let entry = parked[id], let dialog = entry.parkee else { return }
        let record = entry.machine.record(
            parkeeDialog: .init(callID: dialog.id.callID, localTag: dialog.id.localTag, remoteTag: dialog.id.remoteTag),
            parkedAt: entry.machine.parkedAt ?? wallClock)
        guard record != entry.stored else { return }
        parked[id]?.stored = record
        parkWrites.yield(.save(record))
    }

    /// SPEC §6: on start-up, every parked call the store still holds for this pool is stale (its music and dialogs
    /// died with the process that held them): each parkee gets a BYE, the record goes and a `dropped` event says why.
    func endStaleParkedCalls() async {
        let stale: [ParkedCallRecord]
        do {
            stale = try await store.parkedCalls(pool: poolName)
        } catch {
            logger.warning("parked calls not read from the store", metadata: ["error": "\(error)"])
            return
        }
        for record in stale {
            if let contact = try? SIPURI(record.parkeeContact), let destination = SIPDestination.forURI(contact) {
                var fields = SIPHeaderFields()
                fields.append(.from, "<sip:\(record.orbit)@\(deployment.domain)>;tag=\(record.parkeeDialog.localTag)")
                fields.append(.to, "<\(record.parkeeIdentity ?? record.parkeeContact)>;tag=\(record.parkeeDialog.remoteTag)")
                fields.append(.callID, record.parkeeDialog.callID)
                // Higher than any CSeq the lost process used in P (it sent a handful of requests at most).
                fields.append(.cSeq, "100000 BYE")
                fields.append(.contentLength, "0")
                let bye = SIPRequest(method: .bye, uri: contact, headerFields: fields)
                let endpoint = self.endpoint
                Task { _ = await endpoint.request(bye, to: destination) }
            }
            parkWrites.yield(.remove(id: record.id))
            parkWrites.yield(
                .event(
                    ParkEvent(
                        time: wallClock, kind: .dropped, parkedCallID: record.id, pool: poolName, orbit: record.orbit,
                        parker: record.parker, parkee: record.parkeeIdentity ?? record.parkeeContact, retriever: nil,
                        detail: "stale after the pool restarted: parkee sent BYE")))
            logger.info("stale parked call ended", metadata: ["park.orbit": "\(record.orbit)", "park.id": "\(record.id)"])
        }
    }
}
