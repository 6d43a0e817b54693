/// Why a WAV file cannot be used as music on hold, in words a person can act on.
///
/// A public struct around a private enum (as NIO does), so codes can be added without breaking callers.
/// The `detail` reads like `unsupported WAV: 24-bit samples; callpark needs 16-bit PCM`.
public struct WAVError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case notWAV, malformed, unsupportedEncoding, unsupportedSampleSize, unsupportedChannels, unsupportedSampleRate
            case noSamples, io
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// No `RIFF`…`WAVE` header: not a WAV file at all.
        public static let notWAV = Code(.notWAV)
        /// A chunk is cut short, or the `fmt ` or `data` chunk is missing or inconsistent.
        public static let malformed = Code(.malformed)
        /// Compressed or floating-point audio (anything but integer PCM).
        public static let unsupportedEncoding = Code(.unsupportedEncoding)
        /// Samples of another size than 16 bits.
        public static let unsupportedSampleSize = Code(.unsupportedSampleSize)
        /// More than two channels.
        public static let unsupportedChannels = Code(.unsupportedChannels)
        /// A sample rate other than 8,000, 16,000, 44,100 or 48,000 Hz.
        public static let unsupportedSampleRate = Code(.unsupportedSampleRate)
        /// The `data` chunk holds no sample.
        public static let noSamples = Code(.noSamples)
        /// The file could not be read or written.
        public static let io = Code(.io)
        public var description: String { "\(base)" }
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, in words.
    public var detail: String

    /// Creates an error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { detail }
}
