import Testing

@testable import Topology

@Suite("Call park and service settings")
struct SettingsValidationTests {
    private func withSettings(_ settings: CallParkSettings) -> Deployment {
        Fixtures.demo { $0.callParkSettings["pool-a"] = settings }
    }

    private static func settings(_ field: String, _ value: Int) -> CallParkSettings {
        var settings = CallParkSettings()
        switch field {
        case "pickupTimeout": settings.pickupTimeout = value
        case "maxPickupAttempts": settings.maxPickupAttempts = value
        case "ringbackDuration": settings.ringbackDuration = value
        case "orbitReuseDelay": settings.orbitReuseDelay = value
        default: Issue.record("unknown field \(field)")
        }
        return settings
    }

    @Test(
        "call park bounds, both edges",
        arguments: [
            ("pickupTimeout", 9, false), ("pickupTimeout", 10, true), ("pickupTimeout", 600, true), ("pickupTimeout", 601, false),
            ("maxPickupAttempts", 0, false), ("maxPickupAttempts", 1, true), ("maxPickupAttempts", 10, true), ("maxPickupAttempts", 11, false),
            ("ringbackDuration", 9, false), ("ringbackDuration", 10, true), ("ringbackDuration", 300, true), ("ringbackDuration", 301, false),
            ("orbitReuseDelay", -1, false), ("orbitReuseDelay", 0, true), ("orbitReuseDelay", 3600, true), ("orbitReuseDelay", 3601, false),
        ])
    func callParkBounds(field: String, value: Int, valid: Bool) {
        let deployment = withSettings(Self.settings(field, value))
        if valid {
            expectValid(deployment)
        } else {
            expectRefused(deployment, .invalidSetting, "call park settings of pool pool-a: \(field) \(value) is outside")
        }
    }

    @Test("the defaults are the reference product's and valid")
    func defaults() throws {
        let defaults = CallParkSettings.defaults
        #expect(defaults.pickupTimeout == 90 && defaults.maxPickupAttempts == 1 && defaults.onTimeoutURI == nil)
        #expect(defaults.enableMusicOnHold && defaults.ringbackDuration == 30 && defaults.orbitReuseDelay == 60)
        try defaults.validate()
        try ServiceSettings().validate()
    }

    @Test(
        "onTimeoutURI is nothing or a sip:/sips: URI",
        arguments: [
            (nil, true), ("sip:operator@callpark.test", true), ("sips:operator@callpark.test:5061", true), ("sip:callpark.test", true),
            ("tel:+15551234", false), ("http://example.com/", false), ("not a uri", false), ("", false), ("sip:", false),
        ] as [(String?, Bool)])
    func onTimeoutURI(uri: String?, valid: Bool) {
        let deployment = withSettings(CallParkSettings(onTimeoutURI: uri))
        if valid {
            expectValid(deployment)
        } else {
            expectRefused(deployment, .invalidSetting, "onTimeoutURI \"\(uri ?? "")\"")
        }
    }

    @Test(
        "musicOnHoldFile is nothing or a non-empty path",
        arguments: [(nil, true), ("/srv/moh.wav", true), ("moh.wav", true), ("", false), ("  ", false)] as [(String?, Bool)])
    func musicFile(file: String?, valid: Bool) {
        let deployment = withSettings(CallParkSettings(musicOnHoldFile: file))
        if valid {
            expectValid(deployment)
        } else {
            expectRefused(deployment, .invalidSetting, "musicOnHoldFile must be a file path")
        }
    }

    @Test("call park settings only for existing pools")
    func settingsForMissingPool() {
        expectRefused(
            Fixtures.demo { $0.callParkSettings["pool-z"] = .defaults }, .notFound,
            "there are call park settings for pool pool-z, but there is no pool named pool-z")
    }

    // MARK: Service settings

    private static func service(_ change: (inout ServiceSettings) -> Void) -> Deployment {
        Fixtures.demo { change(&$0.service) }
    }

    @Test("expiries: 1 ≤ minExpires ≤ defaultExpires ≤ maxExpires ≤ 86400")
    func expiries() {
        expectRefused(Self.service { $0.minExpires = 0 }, .invalidSetting, "service settings: minExpires 0 must be at least 1")
        expectValid(
            Self.service {
                $0.minExpires = 1; $0.resiliencyExpires = 1
            })
        expectRefused(Self.service { $0.minExpires = 3601 }, .invalidSetting, "defaultExpires 3600 must not be shorter than minExpires 3601")
        expectValid(
            Self.service {
                $0.minExpires = 3600; $0.resiliencyExpires = 3600
            })
        expectRefused(Self.service { $0.maxExpires = 3599 }, .invalidSetting, "defaultExpires 3600 must not be longer than maxExpires 3599")
        expectValid(
            Self.service {
                $0.maxExpires = 86_400; $0.defaultExpires = 86_400
            })
        expectRefused(
            Self.service {
                $0.maxExpires = 86_401; $0.defaultExpires = 86_401
            }, .invalidSetting, "maxExpires 86401 must not be longer than 86400")
    }

    @Test("resiliencyExpires lies between minExpires and maxExpires", arguments: [(59, false), (60, true), (3600, true), (3601, false)])
    func resiliencyExpires(value: Int, valid: Bool) {
        let deployment = Self.service { $0.resiliencyExpires = value }
        if valid {
            expectValid(deployment)
        } else {
            expectRefused(deployment, .invalidSetting, "resiliencyExpires \(value) must be between minExpires 60 and maxExpires 3600")
        }
    }

    @Test(
        "probeInterval 0.05…60",
        arguments: [(0.049, false), (0.05, true), (60, true), (60.01, false), (-1, false), (.nan, false), (.infinity, false)])
    func probeInterval(value: Double, valid: Bool) {
        let deployment = Self.service { $0.probeInterval = value }
        if valid {
            expectValid(deployment)
        } else {
            expectRefused(deployment, .invalidSetting, "probeInterval")
        }
    }

    @Test("probe thresholds 1…100", arguments: [(0, false), (1, true), (100, true), (101, false)])
    func thresholds(value: Int, valid: Bool) {
        for field in ["probeFailureThreshold", "probeRecoveryThreshold"] {
            let deployment = Self.service {
                if field == "probeFailureThreshold" { $0.probeFailureThreshold = value } else { $0.probeRecoveryThreshold = value }
            }
            if valid {
                expectValid(deployment)
            } else {
                expectRefused(deployment, .invalidSetting, "\(field) \(value) is outside 1…100")
            }
        }
    }

    @Test(
        "automaticFailoverAfter is nothing or 1…86400",
        arguments: [(nil, true), (0, false), (1, true), (86_400, true), (86_401, false)] as [(Int?, Bool)])
    func automaticFailover(value: Int?, valid: Bool) {
        let deployment = Self.service { $0.automaticFailoverAfter = value }
        if valid {
            expectValid(deployment)
        } else {
            expectRefused(deployment, .invalidSetting, "automaticFailoverAfter \(value ?? 0) is outside 1…86400")
        }
    }
}

/// The digest algorithms a deployment offers (RFC 8760 §2.4), in its order.
struct DigestAlgorithmSettingTests {
    @Test(arguments: [["SHA-256", "MD5"], ["MD5", "SHA-256"], ["MD5"], ["SHA-256"]])
    func supportedListsAreAccepted(_ names: [String]) throws {
        try ServiceSettings(digestAlgorithms: names).validate()
    }

    @Test(arguments: [[], ["SHA-512-256"], ["md5"], ["MD5", "MD5"], ["MD5-sess"]])
    func othersAreRefusedWithTheReason(_ names: [String]) {
        #expect(throws: TopologyError.self) { try ServiceSettings(digestAlgorithms: names).validate() }
    }

    @Test func theOrderSurvivesTheFile() throws {
        var d = Deployment.demo(passwords: [:])
        d.service.digestAlgorithms = ["MD5", "SHA-256"]
        #expect(try Deployment(yaml: d.yaml()).service.digestAlgorithms == ["MD5", "SHA-256"])
    }
}
