import Testing

@testable import Store

@Suite("Store URLs")
struct StoreURLTests {
    @Test(
        "SQLite forms",
        arguments: [
            ("sqlite:/var/lib/callpark/callpark.sqlite", "/var/lib/callpark/callpark.sqlite"),
            ("sqlite:///var/lib/callpark/callpark.sqlite", "/var/lib/callpark/callpark.sqlite"),
            ("sqlite:data/callpark.sqlite", "data/callpark.sqlite"),
            ("/var/lib/callpark/callpark.sqlite", "/var/lib/callpark/callpark.sqlite"),
            ("callpark.sqlite", "callpark.sqlite"),
            ("sqlite::memory:", ":memory:"),
        ])
    func sqlite(_ text: String, _ path: String) throws {
        #expect(try StoreURL(parsing: text) == .sqlite(path: path))
    }

    @Test("PostgreSQL with every part")
    func postgresFull() throws {
        let url = try StoreURL(parsing: "postgres://park%40ops:p%3Ass@db1.callpark.test:6543/callpark?schema=lab")
        let expected = PostgresStore.Configuration(
            host: "db1.callpark.test", port: 6543, username: "park@ops", password: "p:ss", database: "callpark", schema: "lab")
        #expect(url == .postgres(expected))
        #expect(url.description == "postgres://park@ops:***@db1.callpark.test:6543/callpark?schema=lab")
    }

    @Test("PostgreSQL with the default port, no password, postgresql: and IPv6")
    func postgresShort() throws {
        #expect(
            try StoreURL(parsing: "postgres://callpark@127.0.0.1/callpark")
                == .postgres(.init(host: "127.0.0.1", username: "callpark", database: "callpark")))
        #expect(
            try StoreURL(parsing: "postgresql://callpark@[::1]:5433/park")
                == .postgres(.init(host: "::1", port: 5433, username: "callpark", database: "park")))
        #expect(try StoreURL(parsing: "postgresql://callpark@[::1]:5433/park").description == "postgres://callpark@[::1]:5433/park")
    }

    @Test(
        "bad URLs say what is wrong",
        arguments: [
            ("", "empty"),
            ("sqlite:", "path is empty"),
            ("mysql://root@db/callpark", "unknown scheme \"mysql\""),
            ("postgres:callpark", "not a URL"),
            ("postgres://db1/callpark", "user is missing"),
            ("postgres://callpark@/callpark", "host is missing"),
            ("postgres://callpark@db1:5432", "database name is missing"),
            ("postgres://callpark@db1:5432/", "database name is missing"),
            ("postgres://callpark@db1/a/b", "contains a slash"),
            ("postgres://callpark@db1/callpark?sslmode=require", "unknown parameter \"sslmode\""),
        ])
    func bad(_ text: String, _ reason: String) {
        #expect {
            _ = try StoreURL(parsing: text)
        } throws: { error in
            guard let error = error as? StoreError, error.code == .badURL else { return false }
            return error.description.contains(reason) && error.description.contains("postgres://user[:password]@host")
        }
    }
}
