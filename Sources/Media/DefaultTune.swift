#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The music on hold callpark composes itself, so that no third-party audio ships with it: an eight-second loop
/// at 8 kHz, a slow arpeggio over C – Am – F – G with a soft pad underneath.
///
/// Each chord lasts two seconds: its root, third, fifth and octave are struck in turn, half a second apart, each a
/// sine with a little second and third harmonic (so it carries on a telephone speaker) under a soft envelope (a
/// 15 ms raised-cosine attack, an exponential decay, a cosine release), ringing into the next notes. Under it,
/// the root and fifth an octave down swell in and out. Notes are summed around a circle, so the tail of the last
/// chord rings into the first and the loop has no seam. The peak is scaled to half of full scale (−6 dBFS).
///
/// ```swift
/// try DefaultTune.writeWAV(to: "tune.wav")      // `callpark` can export it
/// ```
public enum DefaultTune {
    /// The tune's sample rate, Hz.
    public static let sampleRate = 8000
    /// The length of one loop.
    public static let duration: Duration = .seconds(8)

    /// MIDI note numbers of each chord's arpeggio: root, third, fifth, octave (C4 = 60).
    static let chords: [[Int]] = [
        [60, 64, 67, 72],  // C major
        [57, 60, 64, 69],  // A minor
        [53, 57, 60, 65],  // F major
        [55, 59, 62, 67],  // G major
    ]

    /// The loop, 64,000 samples of 8 kHz mono 16-bit PCM.
    public static func samples() -> [Int16] {
        let count = sampleRate * 8
        var mix = [Double](repeating: 0, count: count)
        let chordLength = count / chords.count
        let noteSpacing = chordLength / 4
        for (index, chord) in chords.enumerated() {
            let chordStart = index * chordLength
            for (step, note) in chord.enumerated() {
                add(bell(frequency(note)), at: chordStart + step * noteSpacing, into: &mix)
            }
            for note in [chord[0] - 12, chord[2] - 12] {
                add(pad(frequency(note), length: chordLength), at: chordStart, into: &mix)
            }
        }
        let peak = mix.map(abs).max() ?? 1
        let scale = 0.5 * 32767 / peak
        return mix.map { Int16(($0 * scale).rounded()) }
    }

    /// The loop as a mono 8 kHz WAV file.
    public static func wavFile() -> WAVFile {
        WAVFile(sampleRate: sampleRate, channels: 1, samples: samples())
    }

    /// Writes the loop to `path` as a WAV file (8 kHz mono 16-bit PCM), replacing what is there.
    public static func writeWAV(to path: String) throws(WAVError) {
        try wavFile().write(to: path)
    }

    // MARK: Synthesis

    /// Equal temperament, A4 (MIDI 69) = 440 Hz.
    static func frequency(_ note: Int) -> Double {
        440 * pow(2, Double(note - 69) / 12)
    }

    /// A struck note, 1.8 s long.
    private static func bell(_ frequency: Double) -> [Double] {
        let length = sampleRate * 18 / 10
        let attack = Double(sampleRate) * 0.015
        let release = Double(sampleRate) * 0.2
        return (0..<length).map { n in
            let t = Double(n) / Double(sampleRate)
            let phase = 2 * Double.pi * frequency * t
            let tone = sin(phase) + 0.3 * exp(-t / 0.4) * sin(2 * phase) + 0.12 * exp(-t / 0.25) * sin(3 * phase)
            return 0.5 * tone * exp(-t / 0.7) * ramp(Double(n), attack) * ramp(Double(length - n), release)
        }
    }

    /// A held note that swells in and out over `length` samples, overlapping the next chord a little.
    private static func pad(_ frequency: Double, length: Int) -> [Double] {
        let total = length + sampleRate / 4
        let swell = Double(sampleRate) * 0.5
        return (0..<total).map { n in
            let phase = 2 * Double.pi * frequency * Double(n) / Double(sampleRate)
            let tone = sin(phase) + 0.25 * sin(2 * phase)
            return 0.12 * tone * ramp(Double(n), swell) * ramp(Double(total - n), swell)
        }
    }

    /// A raised-cosine rise from 0 to 1 over `length` samples.
    private static func ramp(_ position: Double, _ length: Double) -> Double {
        position >= length ? 1 : 0.5 - 0.5 * cos(Double.pi * position / length)
    }

    /// Adds `sound` into `mix` from `start`, wrapping around the end (the loop is a circle).
    private static func add(_ sound: [Double], at start: Int, into mix: inout [Double]) {
        for (offset, value) in sound.enumerated() { mix[(start + offset) % mix.count] += value }
    }
}
