import Testing

@testable import Store

/// The park statements as each engine gets them: values only ever in parameters.
@Suite("Store park statements")
struct StoreParkSQLTests {
    @Test("PostgreSQL gets numbered parameters, SQLite question marks")
    func placeholders() {
        #expect(StoreParkSQL.postgres.removeParkedCall == "DELETE FROM parked_calls WHERE id = $1")
        #expect(StoreParkSQL.sqlite.removeParkedCall == "DELETE FROM parked_calls WHERE id = ?")
        #expect(StoreParkSQL.postgres.pruneParkEvents == "DELETE FROM park_events WHERE time < $1")
        #expect(StoreParkSQL.postgres.saveParkedCall.contains("VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"))
        #expect(
            StoreParkSQL.postgres.saveParkedCall.hasSuffix(
                "ON CONFLICT (id) DO UPDATE SET pool = excluded.pool, orbit = excluded.orbit, "
                    + "method = excluded.method, parker = excluded.parker, parkee_contact = excluded.parkee_contact, "
                    + "parkee_identity = excluded.parkee_identity, parkee_call_id = excluded.parkee_call_id, "
                    + "parkee_local_tag = excluded.parkee_local_tag, parkee_remote_tag = excluded.parkee_remote_tag, "
                    + "parked_at = excluded.parked_at, attempts = excluded.attempts, phase = excluded.phase"))
        #expect(
            StoreParkSQL.postgres.insertParkEvent
                == "INSERT INTO park_events (time, kind, parked_call_id, pool, orbit, parker, parkee, retriever, detail) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
    }

    @Test("the events query numbers its parameters after the filters it has")
    func eventFilters() {
        let columns = "SELECT id, time, kind, parked_call_id, pool, orbit, parker, parkee, retriever, detail FROM park_events"
        let order = " ORDER BY time DESC, id DESC LIMIT "
        #expect(StoreParkSQL.postgres.parkEvents(since: false, byPool: false) == columns + order + "$1")
        #expect(StoreParkSQL.postgres.parkEvents(since: true, byPool: false) == columns + " WHERE time >= $1" + order + "$2")
        #expect(StoreParkSQL.postgres.parkEvents(since: false, byPool: true) == columns + " WHERE pool = $1" + order + "$2")
        #expect(StoreParkSQL.postgres.parkEvents(since: true, byPool: true) == columns + " WHERE time >= $1 AND pool = $2" + order + "$3")
        #expect(StoreParkSQL.sqlite.parkEvents(since: true, byPool: true) == columns + " WHERE time >= ? AND pool = ?" + order + "?")
    }

    @Test("the parked calls query filters by pool or not")
    func parkedCallFilters() {
        #expect(StoreParkSQL.postgres.parkedCalls(byPool: true).hasSuffix(" FROM parked_calls WHERE pool = $1"))
        #expect(StoreParkSQL.sqlite.parkedCalls(byPool: false).hasSuffix(" FROM parked_calls"))
    }

    @Test("both engines' migrations run from 1 to the schema version, the park tables in version 3")
    func migrations() {
        #expect(StoreSchema.version == 3)
        #expect(PostgresStore.migrations.map(\.version) == Array(1...StoreSchema.version))
        #expect(SQLiteStore.migrator.migrations == (1...StoreSchema.version).map { "v\($0)" })
        #expect(PostgresStore.migrations.last?.statements.contains { $0.contains("CREATE TABLE parked_calls") } == true)
    }
}
