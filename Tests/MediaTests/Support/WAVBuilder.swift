#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Builds WAV files in memory, good and bad, for the reader's tests.
enum WAVBuilder {
    /// A RIFF/WAVE file with a `fmt ` chunk as given and a `data` chunk; `before` chunks go between them.
    static func file(
        formatTag: UInt16 = 1, channels: Int = 1, sampleRate: Int, bitsPerSample: Int = 16, data: [UInt8],
        formatExtra: [UInt8] = [], before: [(id: String, body: [UInt8])] = [], dataSize: UInt32? = nil
    ) -> [UInt8] {
        var fmt: [UInt8] = []
        fmt += le16(formatTag) + le16(UInt16(channels)) + le32(UInt32(sampleRate))
        fmt += le32(UInt32(sampleRate * channels * bitsPerSample / 8)) + le16(UInt16(channels * bitsPerSample / 8))
        fmt += le16(UInt16(bitsPerSample)) + formatExtra
        var body = Array("WAVE".utf8) + chunk("fmt ", fmt)
        for extra in before { body += chunk(extra.id, extra.body) }
        body += Array("data".utf8) + le32(dataSize ?? UInt32(data.count)) + data
        return Array("RIFF".utf8) + le32(UInt32(body.count)) + body
    }

    /// 16-bit little-endian sample bytes.
    static func pcm16(_ samples: [Int16]) -> [UInt8] {
        samples.flatMap { le16(UInt16(bitPattern: $0)) }
    }

    /// A chunk with its pad byte when the size is odd.
    static func chunk(_ id: String, _ body: [UInt8]) -> [UInt8] {
        Array(id.utf8) + le32(UInt32(body.count)) + body + (body.count % 2 == 1 ? [0] : [])
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}

/// Signal helpers: sines and the Goertzel algorithm (the power of one frequency).
enum Signal {
    static func sine(frequency: Double, sampleRate: Int, count: Int, amplitude: Double = 16000) -> [Int16] {
        (0..<count).map { Int16((amplitude * sin(2 * Double.pi * frequency * Double($0) / Double(sampleRate))).rounded()) }
    }

    /// The amplitude of the `frequency` component of `samples` (Goertzel).
    static func amplitude(of frequency: Double, in samples: [Int16], sampleRate: Int) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / Double(sampleRate))
        var s1 = 0.0
        var s2 = 0.0
        for sample in samples {
            let s = Double(sample) + coefficient * s1 - s2
            s2 = s1
            s1 = s
        }
        let power = s1 * s1 + s2 * s2 - coefficient * s1 * s2
        return 2 * power.squareRoot() / Double(samples.count)
    }
}
