import Testing

@Test func transactionTargetBuilds() {}
