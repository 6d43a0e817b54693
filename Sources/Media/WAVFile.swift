import NIOCore

/// 16-bit PCM audio in a RIFF/WAVE file: parsed, checked, downmixed and resampled to what RTP needs.
///
/// Reads the `fmt ` and `data` chunks of a RIFF/WAVE file (other chunks are skipped; chunks are word aligned)
/// holding 16-bit integer PCM, mono or stereo, at 8,000, 16,000, 44,100 or 48,000 Hz. Anything else is refused
/// with a ``WAVError`` that says what the file has and what callpark needs.
///
/// ```swift
/// let wav = try WAVFile(contentsOf: "/etc/callpark/hold.wav")
/// let source = MusicSource(name: "hold.wav", samples: wav.telephonySamples())
/// ```
public struct WAVFile: Hashable, Sendable {
    /// The sample rates callpark reads, in Hz.
    public static let supportedSampleRates = [8000, 16000, 44100, 48000]

    /// Samples per second per channel.
    public var sampleRate: Int
    /// 1 (mono) or 2 (stereo).
    public var channels: Int
    /// The samples, interleaved left-right when stereo.
    public var samples: [Int16]

    /// Creates audio from samples (interleaved when stereo).
    public init(sampleRate: Int, channels: Int = 1, samples: [Int16]) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.samples = samples
    }

    /// Reads the WAV file at `path`.
    public init(contentsOf path: String) throws(WAVError) {
        try self.init(bytes: FileBytes.read(path))
    }

    /// Parses the bytes of a WAV file.
    public init(bytes: [UInt8]) throws(WAVError) {
        var buffer = ByteBuffer(bytes: bytes)
        guard buffer.readString(length: 4) == "RIFF", buffer.readInteger(endianness: .little, as: UInt32.self) != nil,
            buffer.readString(length: 4) == "WAVE"
        else { throw WAVError(.notWAV, "not a WAV file: no RIFF/WAVE header") }
        var format: Format?
        while buffer.readableBytes >= 8 {
            let id = buffer.readString(length: 4)!
            let size = Int(buffer.readInteger(endianness: .little, as: UInt32.self)!)
            switch id {
            case "fmt ":
                guard var body = buffer.readSlice(length: size), size >= 16 else {
                    throw WAVError(.malformed, "malformed WAV: the fmt chunk is \(size) bytes, \(buffer.readableBytes) are left")
                }
                format = try Format(parsing: &body)
            case "data":
                guard let format else { throw WAVError(.malformed, "malformed WAV: the data chunk comes before the fmt chunk") }
                // Streaming writers leave the size at 0 or 0xFFFFFFFF: take the whole frames that are there.
                let available = min(size, buffer.readableBytes)
                let frameBytes = 2 * format.channels
                let data = buffer.readSlice(length: available - available % frameBytes)!
                self.init(sampleRate: format.sampleRate, channels: format.channels, samples: Self.littleEndianSamples(data))
                guard !samples.isEmpty else { throw WAVError(.noSamples, "empty WAV: the data chunk holds no sample") }
                return
            default:
                guard buffer.readableBytes >= size else {
                    throw WAVError(.malformed, "malformed WAV: the '\(id)' chunk is \(size) bytes, \(buffer.readableBytes) are left")
                }
                buffer.moveReaderIndex(forwardBy: size)
            }
            if size % 2 == 1, buffer.readableBytes > 0 { buffer.moveReaderIndex(forwardBy: 1) }  // RIFF pad byte
        }
        throw WAVError(.malformed, format == nil ? "malformed WAV: no fmt chunk" : "malformed WAV: no data chunk")
    }

    /// Frames (one sample per channel) in the file.
    public var frameCount: Int { samples.count / max(channels, 1) }

    /// The length of the audio.
    public var duration: Duration { .nanoseconds(Int64(frameCount) * 1_000_000_000 / Int64(max(sampleRate, 1))) }

    /// The samples as one channel: stereo frames averaged, mono as it is.
    public func monoSamples() -> [Int16] {
        guard channels == 2 else { return samples }
        return (0..<frameCount).map { Int16((Int(samples[2 * $0]) + Int(samples[2 * $0 + 1])) >> 1) }
    }

    /// The audio as RTP's G.711 needs it: mono at 8,000 Hz (``Resampler`` low-pass filters the higher rates).
    public func telephonySamples() -> [Int16] {
        Resampler(from: sampleRate, to: 8000).process(monoSamples())
    }

    /// Little-endian 16-bit samples.
    private static func littleEndianSamples(_ data: ByteBuffer) -> [Int16] {
        data.withUnsafeReadableBytes { raw in
            (0..<raw.count / 2).map { Int16(bitPattern: UInt16(raw[2 * $0]) | UInt16(raw[2 * $0 + 1]) << 8) }
        }
    }
}
