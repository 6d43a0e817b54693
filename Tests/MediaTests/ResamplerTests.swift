import Testing

@testable import Media

/// The polyphase windowed-sinc resampler.
@Suite struct ResamplerTests {
    @Test(arguments: [48000, 44100, 16000])
    func a1kHzSineKeepsItsEnergyAt1kHz(rate: Int) {
        let input = Signal.sine(frequency: 1000, sampleRate: rate, count: rate)  // one second
        let output = Resampler(from: rate, to: 8000).process(input)
        #expect(output.count == 8000)
        let middle = Array(output[500..<7500])  // away from the edges, where the filter sees zeros
        let at1k = Signal.amplitude(of: 1000, in: middle, sampleRate: 8000)
        #expect(abs(at1k - 16000) < 300, "amplitude at 1 kHz: \(at1k)")
        for other in [500.0, 1500, 2000, 3000] {
            #expect(Signal.amplitude(of: other, in: middle, sampleRate: 8000) < 100, "leak at \(other) Hz")
        }
    }

    @Test func toneAbove4kHzIsFilteredInsteadOfFoldingOver() {
        // 6 kHz at 48 kHz would alias to 2 kHz at 8 kHz without the low-pass filter.
        let input = Signal.sine(frequency: 6000, sampleRate: 48000, count: 48000)
        let output = Array(Resampler(from: 48000, to: 8000).process(input)[500..<7500])
        #expect(Signal.amplitude(of: 2000, in: output, sampleRate: 8000) < 160)  // at least 40 dB down
    }

    @Test func telephoneBandPassesAtUnityGain() {
        for frequency in [300.0, 3000] {
            let input = Signal.sine(frequency: frequency, sampleRate: 44100, count: 44100)
            let output = Array(Resampler(from: 44100, to: 8000).process(input)[500..<7500])
            let gain = Signal.amplitude(of: frequency, in: output, sampleRate: 8000) / 16000
            #expect(gain > 0.95 && gain < 1.05, "gain at \(frequency) Hz: \(gain)")
        }
    }

    @Test func dcPassesAndSameRateIsACopy() {
        let dc = [Int16](repeating: 1000, count: 4800)
        let output = Resampler(from: 48000, to: 8000).process(dc)
        #expect(output.count == 800)
        #expect(output[100..<700].allSatisfy { $0 == 1000 })
        #expect(Resampler(from: 8000, to: 8000).process([1, 2, 3]) == [1, 2, 3])
        #expect(Resampler(from: 16000, to: 8000).process([]) == [])
    }
}
