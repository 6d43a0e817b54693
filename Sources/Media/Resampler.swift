#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A polyphase windowed-sinc resampler for 16-bit mono audio (for WAV files: 16, 44.1 or 48 kHz to 8 kHz).
///
/// With `g = gcd(inputRate, outputRate)`, `L = outputRate / g` and `M = inputRate / g`, output sample `n` sits
/// at input position `n·M/L`: whole part `⌊n·M/L⌋`, phase `(n·M) mod L`. Each of the `L` phases has its own
/// precomputed set of FIR taps, the ideal low-pass `sinc` (cut off at 45 % of the lower rate, so 3.6 kHz
/// toward 8 kHz: the telephone band up to 3.4 kHz passes, what would fold over 4 kHz is removed) shifted by
/// that phase and shaped by a Blackman window spanning ``zeroCrossings`` zero crossings on each side. Each
/// phase's taps are normalised to sum to one, so DC passes at unity gain. 48 kHz → 8 kHz has one phase of
/// about 160 taps; 44.1 kHz → 8 kHz has 80 phases of about 150 taps. Samples outside the input count as 0.
///
/// ```swift
/// let telephone = Resampler(from: 48000, to: 8000).process(samples48k)
/// ```
public struct Resampler: Sendable {
    /// Zero crossings of the sinc on each side of the centre tap.
    public static let zeroCrossings = 12

    /// The input sample rate, Hz.
    public let inputRate: Int
    /// The output sample rate, Hz.
    public let outputRate: Int
    private let up: Int
    private let down: Int
    /// Taps of input samples `base - halfWidth + 1 … base + halfWidth` for each phase, row after row.
    private let taps: [Float]
    private let halfWidth: Int

    /// Prepares the filter bank for one rate conversion.
    public init(from inputRate: Int, to outputRate: Int) {
        precondition(inputRate > 0 && outputRate > 0, "sample rates must be positive")
        self.inputRate = inputRate
        self.outputRate = outputRate
        let g = Self.gcd(inputRate, outputRate)
        up = outputRate / g
        down = inputRate / g
        // Cut-off as a fraction of the input rate; the kernel is wider (in input samples) the lower the cut-off.
        let cutoff = 0.45 * Double(min(inputRate, outputRate)) / Double(inputRate)
        let width = Int((Double(Self.zeroCrossings) / (2 * cutoff)).rounded(.up))
        halfWidth = inputRate == outputRate ? 0 : width
        var taps: [Float] = []
        if inputRate != outputRate {
            taps.reserveCapacity(up * 2 * width)
            for phase in 0..<up {
                let fraction = Double(phase) / Double(up)
                let row = (-width + 1...width).map { k -> Double in
                    let t = fraction - Double(k)  // distance from the output instant to input sample base + k
                    return Self.sinc(2 * cutoff * t) * Self.blackman(t / Double(width))
                }
                let sum = row.reduce(0, +)
                taps.append(contentsOf: row.map { Float($0 / sum) })
            }
        }
        self.taps = taps
    }

    /// Resamples `input`; the output has `⌈count·outputRate/inputRate⌉` samples.
    public func process(_ input: [Int16]) -> [Int16] {
        guard inputRate != outputRate else { return input }
        let outputCount = (input.count * up + down - 1) / down
        let rowLength = 2 * halfWidth
        return input.withUnsafeBufferPointer { x in
            taps.withUnsafeBufferPointer { h in
                (0..<outputCount).map { n in
                    let position = n * down
                    let base = position / up
                    let row = (position % up) * rowLength
                    let first = base - halfWidth + 1
                    var sum: Float = 0
                    for j in max(0, -first)..<min(rowLength, x.count - first) {
                        sum += Float(x[first + j]) * h[row + j]
                    }
                    return Int16(max(-32768, min(32767, sum.rounded())))
                }
            }
        }
    }

    private static func sinc(_ x: Double) -> Double {
        x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
    }

    /// The Blackman window on [-1, 1], zero outside.
    private static func blackman(_ x: Double) -> Double {
        guard abs(x) < 1 else { return 0 }
        return 0.42 + 0.5 * cos(Double.pi * x) + 0.08 * cos(2 * Double.pi * x)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        b == 0 ? a : gcd(b, a % b)
    }
}
