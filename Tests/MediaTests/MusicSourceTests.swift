import Testing

@testable import Media

#if canImport(Glibc)
    import Glibc
#endif

/// The default tune, silence, and sources made from samples and files.
@Suite struct MusicSourceTests {
    @Test func defaultTuneIsAnEightSecondLoopAtHalfScale() {
        let samples = DefaultTune.samples()
        #expect(samples.count == 64000)
        let peak = samples.map { abs(Int($0)) }.max()!
        #expect(peak >= 16000 && peak <= 16384)
        // Music, not silence: at least a quarter of the samples are away from zero…
        #expect(samples.filter { abs(Int($0)) > 500 }.count > 16000)
        // …and no click where the loop wraps: the step across the seam is like any other step.
        let largestStep = zip(samples, samples.dropFirst()).map { abs(Int($0) - Int($1)) }.max()!
        #expect(abs(Int(samples.last!) - Int(samples.first!)) <= largestStep)
    }

    @Test func defaultTuneHasTheNotesOfItsChords() {
        // The first half second is the C major chord's root, C4 (261.6 Hz), over the pad's C3 and G3.
        let samples = DefaultTune.samples()
        let firstNote = Array(samples[400..<4000])
        let c4 = Signal.amplitude(of: DefaultTune.frequency(60), in: firstNote, sampleRate: 8000)
        let fSharp4 = Signal.amplitude(of: DefaultTune.frequency(66), in: firstNote, sampleRate: 8000)
        #expect(c4 > 5 * fSharp4)
    }

    @Test func defaultSourceIsPreEncodedIn160ByteFrames() {
        let tune = MusicSource.defaultTune
        #expect(tune.frameCount == 400)
        #expect(tune.duration == .seconds(8))
        let samples = DefaultTune.samples()
        #expect(Array(tune.frame(0, for: .pcmu)) == G711.encode(samples[0..<160], as: .pcmu))
        #expect(Array(tune.frame(401, for: .pcma)) == G711.encode(samples[160..<320], as: .pcma))
    }

    @Test func silenceIsOneFrameOfTheSilentCode() {
        #expect(MusicSource.silence.frameCount == 1)
        #expect(Array(MusicSource.silence.frame(0, for: .pcmu)) == [UInt8](repeating: 0xFF, count: 160))
        #expect(Array(MusicSource.silence.frame(9, for: .pcma)) == [UInt8](repeating: 0xD5, count: 160))
    }

    @Test func lastFrameIsPaddedWithSilence() {
        let source = MusicSource(name: "short", samples: [Int16](repeating: 8000, count: 200))
        #expect(source.frameCount == 2)
        let second = Array(source.frame(1, for: .pcmu))
        #expect(second[0..<40].allSatisfy { $0 == G711.encodeMuLaw(8000) })
        #expect(second[40...].allSatisfy { $0 == 0xFF })
    }

    @Test func tuneWritesAsAWAVFileAndReadsBackAsASource() throws {
        let path = "/tmp/callpark-tune-\(getpid())-\(UInt32.random(in: 0 ... .max)).wav"
        defer { unlink(path) }
        try DefaultTune.writeWAV(to: path)
        let wav = try WAVFile(contentsOf: path)
        #expect(wav.sampleRate == 8000 && wav.channels == 1)
        #expect(wav.samples == DefaultTune.samples())
        let source = try MusicSource(wavFile: path)
        #expect(source.frameCount == 400)
        #expect(source.name.hasSuffix(".wav"))
        #expect(Array(source.frame(7, for: .pcmu)) == Array(MusicSource.defaultTune.frame(7, for: .pcmu)))
    }
}
