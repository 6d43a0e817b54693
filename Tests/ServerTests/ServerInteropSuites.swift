import Testing

/// Suites that run whole deployments with many agents, one test at a time (two cores: parallel deployments made
/// timers late).
@Suite(.serialized) struct ServerInteropSuites {}
