import Testing

@testable import Media

#if canImport(Glibc)
    import Glibc
#endif

/// Reading RIFF/WAVE files: what callpark takes and the errors for the rest.
@Suite struct WAVFileTests {
    @Test(arguments: WAVFile.supportedSampleRates)
    func everySupportedRateIsReadAndResampledTo8kHz(rate: Int) throws {
        let samples = Signal.sine(frequency: 1000, sampleRate: rate, count: rate / 2)  // half a second
        let wav = try WAVFile(bytes: WAVBuilder.file(sampleRate: rate, data: WAVBuilder.pcm16(samples)))
        #expect(wav.sampleRate == rate)
        #expect(wav.channels == 1)
        #expect(wav.samples == samples)
        let telephony = wav.telephonySamples()
        #expect(abs(telephony.count - 4000) <= 1)
        #expect(abs(Signal.amplitude(of: 1000, in: Array(telephony[400..<3600]), sampleRate: 8000) - 16000) < 400)
    }

    @Test func stereoIsDownmixed() throws {
        let left: [Int16] = [1000, -2000, 30000, -32768]
        let right: [Int16] = [3000, 2000, 30000, -32768]
        let interleaved = zip(left, right).flatMap { [$0, $1] }
        let wav = try WAVFile(bytes: WAVBuilder.file(channels: 2, sampleRate: 8000, data: WAVBuilder.pcm16(interleaved)))
        #expect(wav.channels == 2)
        #expect(wav.frameCount == 4)
        #expect(wav.monoSamples() == [2000, 0, 30000, -32768])
        #expect(wav.telephonySamples() == [2000, 0, 30000, -32768])
    }

    @Test func otherChunksAndExtensiblePCMAreAccepted() throws {
        let data = WAVBuilder.pcm16([1, 2, 3])
        let listed = WAVBuilder.file(sampleRate: 8000, data: data, before: [("LIST", Array("INFOISFT".utf8) + [1]), ("fact", [0, 0, 0, 0])])
        #expect(try WAVFile(bytes: listed).samples == [1, 2, 3])
        // WAVE_FORMAT_EXTENSIBLE whose sub-format GUID starts with 1 (PCM).
        let extensible: [UInt8] = [22, 0, 16, 0, 4, 0, 0, 0] + [1, 0] + [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71]
        let file = WAVBuilder.file(formatTag: 0xFFFE, sampleRate: 16000, data: data, formatExtra: extensible)
        #expect(try WAVFile(bytes: file).sampleRate == 16000)
    }

    @Test func streamingSizeTakesTheWholeFramesThatArePresent() throws {
        let file = WAVBuilder.file(channels: 2, sampleRate: 8000, data: WAVBuilder.pcm16([1, 2, 3, 4]) + [9], dataSize: 0xFFFF_FFFF)
        #expect(try WAVFile(bytes: file).samples == [1, 2, 3, 4])
    }

    @Test func unsupportedFilesGetClearErrors() {
        let data = WAVBuilder.pcm16([0, 0, 0, 0])
        let cases: [([UInt8], WAVError.Code, String)] = [
            (
                WAVBuilder.file(sampleRate: 8000, bitsPerSample: 24, data: [0, 0, 0]), .unsupportedSampleSize,
                "unsupported WAV: 24-bit samples; callpark needs 16-bit PCM"
            ),
            (
                WAVBuilder.file(sampleRate: 8000, bitsPerSample: 8, data: [0, 0]), .unsupportedSampleSize,
                "unsupported WAV: 8-bit samples; callpark needs 16-bit PCM"
            ),
            (
                WAVBuilder.file(formatTag: 3, sampleRate: 8000, bitsPerSample: 32, data: [0, 0, 0, 0]), .unsupportedEncoding,
                "unsupported WAV: floating-point samples; callpark needs 16-bit PCM"
            ),
            (
                WAVBuilder.file(formatTag: 7, sampleRate: 8000, bitsPerSample: 8, data: [0xFF]), .unsupportedEncoding,
                "unsupported WAV: µ-law audio; callpark needs 16-bit PCM"
            ),
            (
                WAVBuilder.file(channels: 6, sampleRate: 48000, data: data), .unsupportedChannels,
                "unsupported WAV: 6 channels; callpark needs mono or stereo"
            ),
            (
                WAVBuilder.file(sampleRate: 22050, data: data), .unsupportedSampleRate,
                "unsupported WAV: 22050 Hz; callpark needs 8000, 16000, 44100 or 48000 Hz"
            ),
            (Array("not a wav file at all".utf8), .notWAV, "not a WAV file: no RIFF/WAVE header"),
            (WAVBuilder.file(sampleRate: 8000, data: []), .noSamples, "empty WAV: the data chunk holds no sample"),
            (Array("RIFF".utf8) + WAVBuilder.le32(4) + Array("WAVE".utf8), .malformed, "malformed WAV: no fmt chunk"),
        ]
        for (bytes, code, message) in cases {
            #expect(throws: WAVError(code, message)) { try WAVFile(bytes: bytes) }
        }
        // A data chunk before any fmt chunk, and a fmt chunk cut short.
        let dataFirst = Array("RIFF".utf8) + WAVBuilder.le32(12) + Array("WAVE".utf8) + WAVBuilder.chunk("data", [0, 0])
        #expect(throws: WAVError.self) { try WAVFile(bytes: dataFirst) }
        let short = Array("RIFF".utf8) + WAVBuilder.le32(12) + Array("WAVE".utf8) + Array("fmt ".utf8) + WAVBuilder.le32(16) + [1, 0]
        #expect(throws: WAVError.self) { try WAVFile(bytes: short) }
    }

    @Test func writtenFilesReadBack() throws {
        let original = WAVFile(sampleRate: 44100, channels: 2, samples: [1, -1, 300, -300, .max, .min])
        #expect(try WAVFile(bytes: original.encoded()) == original)
        let path = "/tmp/callpark-media-\(getpid())-\(UInt32.random(in: 0 ... .max)).wav"
        defer { unlink(path) }
        try original.write(to: path)
        #expect(try WAVFile(contentsOf: path) == original)
        #expect(throws: WAVError.self) { try WAVFile(contentsOf: path + ".missing") }
    }
}
