import Testing

@testable import Media

/// G.711 µ-law and A-law against the ITU-T values.
@Suite struct G711Tests {
    @Test func knownValues() {
        #expect(G711.encodeMuLaw(0) == 0xFF)
        #expect(G711.encodeALaw(0) == 0xD5)
        #expect(G711.encodeMuLaw(-1) == 0x7F)  // one's complement: −1 is −0
        #expect(G711.encodeALaw(-1) == 0x55)
        #expect(G711.encodeMuLaw(.max) == 0x80)
        #expect(G711.encodeMuLaw(.min) == 0x00)
        #expect(G711.encodeALaw(.max) == 0xAA)
        #expect(G711.encodeALaw(.min) == 0x2A)
        #expect(G711.decodeMuLaw(0xFF) == 0)
        #expect(G711.decodeMuLaw(0x7F) == 0)
        #expect(G711.decodeMuLaw(0x80) == 32124)
        #expect(G711.decodeMuLaw(0x00) == -32124)
        #expect(G711.decodeALaw(0xD5) == 8)
        #expect(G711.decodeALaw(0x55) == -8)
        #expect(G711.decodeALaw(0xAA) == 32256)
        #expect(G711.decodeALaw(0x2A) == -32256)
        #expect(G711.silence(.pcmu) == 0xFF)
        #expect(G711.silence(.pcma) == 0xD5)
    }

    @Test func tablesMatchTheReferenceAlgorithmOverTheWholeRange() {
        for value in Int(Int16.min)...Int(Int16.max) {
            let sample = Int16(value)
            #expect(G711.encodeMuLaw(sample) == G711.Reference.muLawCompress(sample))
            #expect(G711.encodeALaw(sample) == G711.Reference.aLawCompress(sample))
        }
    }

    @Test func encodingIsMonotonicOverTheWholeRange() {
        // Decoding what was encoded never goes down as the input goes up.
        var previousMu = Int.min
        var previousA = Int.min
        for value in Int(Int16.min)...Int(Int16.max) {
            let mu = Int(G711.decodeMuLaw(G711.encodeMuLaw(Int16(value))))
            let a = Int(G711.decodeALaw(G711.encodeALaw(Int16(value))))
            #expect(mu >= previousMu)
            #expect(a >= previousA)
            previousMu = mu
            previousA = a
        }
    }

    @Test func roundTripErrorIsWithinHalfAStep() {
        // Each segment's step is 1/16 of the segment's base, so the error stays under about 3.2 % (plus the
        // smallest step near zero), up to the largest code (µ-law 32,124, A-law 32,256).
        for value in -32000...32000 {
            let sample = Int16(value)
            let muError = abs(Int(G711.decodeMuLaw(G711.encodeMuLaw(sample))) - value)
            let aError = abs(Int(G711.decodeALaw(G711.encodeALaw(sample))) - value)
            #expect(muError <= max(8, abs(value) / 31 + 4), "µ-law \(value): error \(muError)")
            #expect(aError <= max(16, abs(value) / 31 + 8), "A-law \(value): error \(aError)")
        }
    }

    @Test func decodingAndEncodingAgainGivesTheSameCode() {
        for byte in UInt8.min...UInt8.max {
            // µ-law 0x7F (−0) decodes to 0, which encodes as +0 (0xFF).
            if byte != 0x7F { #expect(G711.encodeMuLaw(G711.decodeMuLaw(byte)) == byte) }
            #expect(G711.encodeALaw(G711.decodeALaw(byte)) == byte)
        }
    }

    @Test func decodedValuesAreOrderedByCode() {
        // Positive codes: µ-law 0xFF … 0x80 and A-law by segment/mantissa grow strictly.
        let mu = (0x80...0xFF).reversed().map { G711.decodeMuLaw(UInt8($0)) }
        #expect(zip(mu, mu.dropFirst()).allSatisfy { $0 < $1 })
        let a = (0...127).map { G711.decodeALaw(UInt8($0 | 0x80) ^ 0x55) }
        #expect(zip(a, a.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func bulkEncodingMatchesSampleBySample() {
        let samples: [Int16] = [0, 1, -1, 100, -100, 5000, -5000, .max, .min]
        #expect(G711.encode(samples, as: .pcmu) == samples.map(G711.encodeMuLaw))
        #expect(G711.encode(samples, as: .pcma) == samples.map(G711.encodeALaw))
        #expect(G711.decode(G711.encode(samples, as: .pcmu), as: .pcmu).count == samples.count)
    }
}
