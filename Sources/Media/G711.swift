/// G.711 companding (ITU-T G.711): 16-bit linear PCM to 8-bit µ-law or A-law and back, by table lookup.
///
/// The tables are built once from the ITU-T reference algorithm (the `ulaw_compress`, `alaw_compress`,
/// `ulaw_expand` and `alaw_expand` routines of the ITU-T G.191 Software Tool Library): µ-law keeps the top 14
/// bits of a sample, A-law the top 13, so the encoders index 16,384- and 4,096-entry tables and the decoders
/// 256-entry ones. Negative samples are taken in one's complement, as the reference does, so −1 encodes like 0.
///
/// ```swift
/// G711.encodeMuLaw(0)      // 0xFF
/// G711.encodeALaw(0)       // 0xD5
/// G711.decodeMuLaw(0x80)   // 32124
/// ```
public enum G711 {
    /// The µ-law byte of a 16-bit linear sample (ITU-T G.711 Table 2a).
    @inlinable
    public static func encodeMuLaw(_ sample: Int16) -> UInt8 {
        muLawEncodeTable[Int(UInt16(bitPattern: sample) >> 2)]
    }

    /// The A-law byte of a 16-bit linear sample (ITU-T G.711 Table 1a).
    @inlinable
    public static func encodeALaw(_ sample: Int16) -> UInt8 {
        aLawEncodeTable[Int(UInt16(bitPattern: sample) >> 4)]
    }

    /// The 16-bit linear sample a µ-law byte stands for (ITU-T G.711 Table 2b, scaled to 16 bits).
    @inlinable
    public static func decodeMuLaw(_ byte: UInt8) -> Int16 {
        muLawDecodeTable[Int(byte)]
    }

    /// The 16-bit linear sample an A-law byte stands for (ITU-T G.711 Table 1b, scaled to 16 bits).
    @inlinable
    public static func decodeALaw(_ byte: UInt8) -> Int16 {
        aLawDecodeTable[Int(byte)]
    }

    /// Encodes samples with the law of `payloadType` (PCMU: µ-law, PCMA: A-law; RFC 3551 §4.5.14).
    public static func encode(_ samples: some Collection<Int16>, as payloadType: PayloadType) -> [UInt8] {
        switch payloadType {
        case .pcmu: samples.map(encodeMuLaw)
        case .pcma: samples.map(encodeALaw)
        }
    }

    /// Decodes bytes with the law of `payloadType`.
    public static func decode(_ bytes: some Collection<UInt8>, as payloadType: PayloadType) -> [Int16] {
        switch payloadType {
        case .pcmu: bytes.map(decodeMuLaw)
        case .pcma: bytes.map(decodeALaw)
        }
    }

    /// The byte of a silent sample: 0xFF for µ-law, 0xD5 for A-law.
    public static func silence(_ payloadType: PayloadType) -> UInt8 {
        switch payloadType {
        case .pcmu: 0xFF
        case .pcma: 0xD5
        }
    }

    // MARK: Tables, indexed by the sample's top bits as an unsigned pattern

    @usableFromInline static let muLawEncodeTable: [UInt8] = (0..<(1 << 14)).map { Reference.muLawCompress(Int16(bitPattern: UInt16($0 << 2))) }
    @usableFromInline static let aLawEncodeTable: [UInt8] = (0..<(1 << 12)).map { Reference.aLawCompress(Int16(bitPattern: UInt16($0 << 4))) }
    @usableFromInline static let muLawDecodeTable: [Int16] = (0...255).map { Reference.muLawExpand(UInt8($0)) }
    @usableFromInline static let aLawDecodeTable: [Int16] = (0...255).map { Reference.aLawExpand(UInt8($0)) }
}
