/// Audio ready to send as music on hold: 8 kHz samples cut into 20 ms frames and encoded once to µ-law and to
/// A-law (RFC 3551 §4.5.14), shared by every stream that plays it.
///
/// A stream holds a reference and a frame position; the encoded audio itself exists once per source, so the
/// default tune costs about 128 KB in all, whatever the number of parked calls.
///
/// ```swift
/// let hold = try MusicSource(wavFile: "/etc/callpark/hold.wav")
/// let id = pacer.addStream(to: parkee, payloadType: .pcmu, source: hold)
/// pacer.setSource(.silence, for: id)    // music disabled
/// ```
public final class MusicSource: Sendable, CustomStringConvertible {
    /// Bytes of payload (and samples) per 20 ms frame.
    public static let frameSize = PayloadType.samplesPerPacket

    /// A name for logs (a file name, `default tune`, `silence`).
    public let name: String
    /// 20 ms frames in one loop of the audio.
    public let frameCount: Int
    /// `frameCount × 160` µ-law bytes.
    let muLaw: [UInt8]
    /// `frameCount × 160` A-law bytes.
    let aLaw: [UInt8]

    /// Encodes 8 kHz mono samples; the last frame is completed with silence. No samples gives one silent frame.
    public init(name: String, samples: [Int16]) {
        let frames = max(1, (samples.count + Self.frameSize - 1) / Self.frameSize)
        var padded = samples
        padded.append(contentsOf: repeatElement(0, count: frames * Self.frameSize - samples.count))
        self.name = name
        frameCount = frames
        muLaw = G711.encode(padded, as: .pcmu)
        aLaw = G711.encode(padded, as: .pcma)
    }

    /// Reads a WAV file (16-bit PCM, mono or stereo, 8/16/44.1/48 kHz) and resamples it to 8 kHz mono.
    public convenience init(wavFile path: String) throws(WAVError) {
        let wav = try WAVFile(contentsOf: path)
        self.init(name: String(path.split(separator: "/").last ?? Substring(path)), samples: wav.telephonySamples())
    }

    /// Silence: one frame of 0xFF (µ-law) or 0xD5 (A-law) played over and over, for when music is disabled.
    public static let silence = MusicSource(name: "silence", samples: [])

    /// The tune callpark composes itself (``DefaultTune``), encoded on first use.
    public static let defaultTune = MusicSource(name: "default tune", samples: DefaultTune.samples())

    /// The 160 payload bytes of frame `index` (taken modulo ``frameCount``) in the law of `payloadType`.
    public func frame(_ index: Int, for payloadType: PayloadType) -> ArraySlice<UInt8> {
        let start = (index % frameCount) * Self.frameSize
        return bytes(for: payloadType)[start..<start + Self.frameSize]
    }

    func bytes(for payloadType: PayloadType) -> [UInt8] {
        switch payloadType {
        case .pcmu: muLaw
        case .pcma: aLaw
        }
    }

    /// How long one loop lasts.
    public var duration: Duration { .milliseconds(20 * frameCount) }

    public var description: String { "\(name) (\(frameCount) frames)" }
}
