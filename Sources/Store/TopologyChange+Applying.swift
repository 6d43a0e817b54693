import Topology

/// How both engines apply a change to what they loaded.
extension TopologyChange {
    /// The deployment after this change to `stored` (nil for an empty store): only ``replaceAll(_:)`` can fill an
    /// empty store, and a change the topology refuses throws ``StoreError/refused(_:)``.
    func applied(to stored: Deployment?) throws(StoreError) -> Deployment {
        let base: Deployment
        if let stored {
            base = stored
        } else if case .replaceAll(let deployment) = self {
            base = deployment
        } else {
            throw .empty
        }
        do {
            return try base.applying(self)
        } catch {
            throw .refused(error)
        }
    }

    /// The change's name, for logs and error context (`addUser`, `setFailedOver`, …).
    var kindName: String {
        switch self {
        case .replaceAll: "replaceAll"
        case .setDomain: "setDomain"
        case .setServiceSettings: "setServiceSettings"
        case .addPool: "addPool"
        case .setPool: "setPool"
        case .removePool: "removePool"
        case .addPair: "addPair"
        case .removePair: "removePair"
        case .setFailedOver: "setFailedOver"
        case .addUser: "addUser"
        case .setUser: "setUser"
        case .removeUser: "removeUser"
        case .addOrbitRange: "addOrbitRange"
        case .setOrbitRange: "setOrbitRange"
        case .removeOrbitRange: "removeOrbitRange"
        case .setCallParkSettings: "setCallParkSettings"
        }
    }
}
