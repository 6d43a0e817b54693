import NIOCore

extension WAVFile {
    /// The audio as the bytes of a canonical 44-byte-header RIFF/WAVE PCM file.
    public func encoded() -> [UInt8] {
        var buffer = ByteBuffer()
        let dataSize = samples.count * 2
        buffer.writeString("RIFF")
        buffer.writeInteger(UInt32(36 + dataSize), endianness: .little)
        buffer.writeString("WAVEfmt ")
        buffer.writeInteger(UInt32(16), endianness: .little)
        buffer.writeInteger(Format.pcm, endianness: .little)
        buffer.writeInteger(UInt16(channels), endianness: .little)
        buffer.writeInteger(UInt32(sampleRate), endianness: .little)
        buffer.writeInteger(UInt32(sampleRate * channels * 2), endianness: .little)  // byte rate
        buffer.writeInteger(UInt16(channels * 2), endianness: .little)  // block align
        buffer.writeInteger(UInt16(16), endianness: .little)  // bits per sample
        buffer.writeString("data")
        buffer.writeInteger(UInt32(dataSize), endianness: .little)
        for sample in samples { buffer.writeInteger(sample, endianness: .little) }
        return Array(buffer.readableBytesView)
    }

    /// Writes the audio to `path` as a WAV file, replacing what is there.
    public func write(to path: String) throws(WAVError) {
        try FileBytes.write(encoded(), to: path)
    }
}
