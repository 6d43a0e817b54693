import Testing

@Test func transportTargetBuilds() {}
