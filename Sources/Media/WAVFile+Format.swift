import NIOCore

extension WAVFile {
    /// The `fmt ` chunk, checked against what callpark reads.
    struct Format {
        /// WAVE_FORMAT_PCM.
        static let pcm: UInt16 = 1
        /// WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
        static let extensible: UInt16 = 0xFFFE

        var channels: Int
        var sampleRate: Int

        init(parsing body: inout ByteBuffer) throws(WAVError) {
            var tag = body.readInteger(endianness: .little, as: UInt16.self)!
            let channels = Int(body.readInteger(endianness: .little, as: UInt16.self)!)
            let sampleRate = Int(body.readInteger(endianness: .little, as: UInt32.self)!)
            body.moveReaderIndex(forwardBy: 6)  // byte rate, block align
            let bits = Int(body.readInteger(endianness: .little, as: UInt16.self)!)
            if tag == Self.extensible {
                // cbSize, valid bits, channel mask, then the GUID whose first two bytes are the format tag.
                guard body.readableBytes >= 10, let subFormat = body.getInteger(at: body.readerIndex + 8, endianness: .little, as: UInt16.self)
                else { throw WAVError(.malformed, "malformed WAV: WAVE_FORMAT_EXTENSIBLE without a sub-format") }
                tag = subFormat
            }
            guard tag == Self.pcm else {
                throw WAVError(.unsupportedEncoding, "unsupported WAV: \(Self.name(ofTag: tag)); callpark needs 16-bit PCM")
            }
            guard bits == 16 else {
                throw WAVError(.unsupportedSampleSize, "unsupported WAV: \(bits)-bit samples; callpark needs 16-bit PCM")
            }
            guard channels == 1 || channels == 2 else {
                throw WAVError(.unsupportedChannels, "unsupported WAV: \(channels) channels; callpark needs mono or stereo")
            }
            guard WAVFile.supportedSampleRates.contains(sampleRate) else {
                throw WAVError(
                    .unsupportedSampleRate, "unsupported WAV: \(sampleRate) Hz; callpark needs 8000, 16000, 44100 or 48000 Hz")
            }
            self.channels = channels
            self.sampleRate = sampleRate
        }

        /// The usual name of a WAVE format tag, for error messages.
        static func name(ofTag tag: UInt16) -> String {
            switch tag {
            case 2: "ADPCM audio"
            case 3: "floating-point samples"
            case 6: "A-law audio"
            case 7: "µ-law audio"
            case 0x55: "MP3 audio"
            default: "audio format \(tag)"
            }
        }
    }
}
