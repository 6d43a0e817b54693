import Testing
import Topology

@testable import Store

@Suite("Store errors")
struct StoreErrorTests {
    @Test("a refused change reads as the rule it broke")
    func refused() {
        let rule = TopologyError.duplicate("user", "alice")
        let error = StoreError.refused(rule)
        #expect(error.code == .refused)
        #expect(error.topologyError == rule)
        #expect(error.description == "user alice already exists")
        #expect(error == .refused(rule))
        #expect(error != .refused(.notFound("user", "alice")))
    }

    @Test("an empty store tells how to fill it")
    func empty() {
        #expect(StoreError.empty.code == .empty)
        #expect(StoreError.empty.topologyError == nil)
        #expect(
            StoreError.empty.description
                == "the store holds no deployment: run `callpark serve` once or `callpark config import FILE`")
    }

    @Test("the other cases name what failed")
    func others() {
        #expect(
            StoreError.unreachable(url: "postgres://callpark@db1:5432/callpark", underlying: "connection refused").description
                == "cannot reach the store at postgres://callpark@db1:5432/callpark: connection refused")
        #expect(
            StoreError.schemaTooNew(found: 3, supported: 1).description
                == "the store's schema is version 3 but this callpark knows versions up to 1: upgrade callpark")
        #expect(
            StoreError.database("applying addUser", "disk I/O error").description == "store failure while applying addUser: disk I/O error")
        #expect(StoreError.badURL("x", reason: "it is odd").code == .badURL)
        #expect(StoreError.schemaTooNew(found: 3, supported: 1) != .schemaTooNew(found: 2, supported: 1))
        #expect("\(StoreError.Code.unreachable)" == "unreachable")
    }
}
