extension G711 {
    /// The ITU-T G.191 STL reference routines (`g711.c`) the tables are built from, sample by sample.
    enum Reference {
        /// `ulaw_compress`: 14 significant bits, bias 33, 8 segments, the result inverted (ITU-T G.711 §3).
        static func muLawCompress(_ sample: Int16) -> UInt8 {
            let linear = Int(sample)
            var magnitude = (linear < 0 ? ~linear : linear) >> 2
            magnitude += 33
            if magnitude > 0x1FFF { magnitude = 0x1FFF }
            var segment = 1
            var rest = magnitude >> 6
            while rest != 0 {
                segment += 1
                rest >>= 1
            }
            let high = 8 - segment
            let low = 0x0F - ((magnitude >> segment) & 0x0F)
            var byte = (high << 4) | low
            if linear >= 0 { byte |= 0x80 }
            return UInt8(byte)
        }

        /// `alaw_compress`: 13 significant bits (12 of magnitude), 8 segments, even bits inverted (ITU-T G.711 §2).
        static func aLawCompress(_ sample: Int16) -> UInt8 {
            let linear = Int(sample)
            var magnitude = (linear < 0 ? ~linear : linear) >> 4
            if magnitude > 15 {
                var exponent = 1
                while magnitude > 16 + 15 {
                    magnitude >>= 1
                    exponent += 1
                }
                magnitude -= 16
                magnitude += exponent << 4
            }
            if linear >= 0 { magnitude |= 0x80 }
            return UInt8(magnitude ^ 0x55)
        }

        /// `ulaw_expand`: the middle of the byte's quantisation interval, 16-bit scale.
        static func muLawExpand(_ byte: UInt8) -> Int16 {
            let sign = byte < 0x80 ? -1 : 1
            let inverted = Int(~byte)
            let exponent = (inverted >> 4) & 0x07
            let mantissa = inverted & 0x0F
            let step = 4 << (exponent + 1)
            return Int16(sign * ((0x80 << exponent) + step * mantissa + step / 2 - 4 * 33))
        }

        /// `alaw_expand`: the middle of the byte's quantisation interval, 16-bit scale.
        static func aLawExpand(_ byte: UInt8) -> Int16 {
            let bits = Int(byte ^ 0x55) & 0x7F
            let exponent = bits >> 4
            var mantissa = bits & 0x0F
            if exponent > 0 { mantissa += 16 }
            mantissa = (mantissa << 4) + 0x08
            if exponent > 1 { mantissa <<= exponent - 1 }
            return Int16(byte > 127 ? mantissa : -mantissa)
        }
    }
}
