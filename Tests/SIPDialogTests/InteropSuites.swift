import Testing

/// The suites that run sipp or many agents at once, run one test at a time: they share the machine's two cores
/// with every other suite, and two of them together made calls miss their timers.
@Suite(.serialized) struct InteropSuites {}
