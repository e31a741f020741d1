package io.intentstream.job.state;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The value codings of the state's compact layout ({@link UserSessionsSerializer} format 4): every value reads back
 * exactly, bit for bit. Fewer bytes per value mean less for RocksDB to copy, flush and compact: 176 more bytes per
 * user value and timer cost the job about 4.5% of its time (docs/BENCHMARKS.md, "State bytes").
 *
 * <ul>
 *   <li>Times are written relative to a base time of the same value (most are minutes or hours apart, three or
 *       four bytes instead of eight), with {@link Long#MIN_VALUE}, the state's "no time", in one byte.</li>
 *   <li>Doubles that are zero, NaN or a whole number of hundredths (prices) take 0, 0 and 1 to 5 bytes; the kind of
 *       each is a two-bit code the caller packs into a byte ({@link #doubleKind}).</li>
 *   <li>An id in the canonical lowercase form of a UUID takes 17 bytes instead of 37; any other id is UTF-8.</li>
 *   <li>Floats and doubles keep their bits, NaN payloads included ({@link #writeFloat}).</li>
 * </ul>
 */
final class CompactCoding {
    static final int ZERO = 0;
    static final int NAN = 1;
    static final int HUNDREDTHS = 2;
    static final int RAW = 3;

    private static final long NAN_BITS = Double.doubleToRawLongBits(Double.NaN);
    private static final long NO_TIME = Long.MIN_VALUE;
    private static final int UUID_LENGTH = 36;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CompactCoding() {}

    static void writeVarLong(long value, DataOutputView out) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    static long readVarLong(DataInputView in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed number in user state");
    }

    static void writeSignedVarInt(int value, DataOutputView out) throws IOException {
        SessionStateSerializer.writeVarInt((value << 1) ^ (value >> 31), out);
    }

    static int readSignedVarInt(DataInputView in) throws IOException {
        int zigzag = SessionStateSerializer.readVarInt(in);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    /**
     * {@code time} as its distance from {@code base}: code 0 is "no time", code 1 eight raw bytes (a distance too
     * large for the codes), any other the zigzag distance plus 2. The subtraction wraps, and so does the addition back.
     */
    static void writeTime(long time, long base, DataOutputView out) throws IOException {
        if (time == NO_TIME) {
            out.writeByte(0);
            return;
        }
        long distance = time - base;
        long zigzag = (distance << 1) ^ (distance >> 63);
        if (Long.compareUnsigned(zigzag, -3L) <= 0) {
            writeVarLong(zigzag + 2, out);
        } else {
            out.writeByte(1);
            out.writeLong(time);
        }
    }

    static long readTime(long base, DataInputView in) throws IOException {
        long code = readVarLong(in);
        if (code == 0) {
            return NO_TIME;
        }
        if (code == 1) {
            return in.readLong();
        }
        long zigzag = code - 2;
        return base + ((zigzag >>> 1) ^ -(zigzag & 1));
    }

    /** The two-bit code {@link #writeDouble} writes {@code value} with. */
    static int doubleKind(double value) {
        long bits = Double.doubleToRawLongBits(value);
        if (bits == 0) {
            return ZERO;
        }
        if (bits == NAN_BITS) {
            return NAN;
        }
        double scaled = value * 100;
        if (Math.abs(scaled) < 1e15) {
            long hundredths = Math.round(scaled);
            if (Double.doubleToRawLongBits(hundredths / 100.0) == bits) {
                return HUNDREDTHS;
            }
        }
        return RAW;
    }

    /** Writes {@code value} as its {@code kind} ({@link #doubleKind}) needs: nothing for zero and NaN. */
    static void writeDouble(double value, int kind, DataOutputView out) throws IOException {
        if (kind == HUNDREDTHS) {
            long hundredths = Math.round(value * 100);
            writeVarLong((hundredths << 1) ^ (hundredths >> 63), out);
        } else if (kind == RAW) {
            out.writeLong(Double.doubleToRawLongBits(value));
        }
    }

    static double readDouble(int kind, DataInputView in) throws IOException {
        switch (kind) {
            case ZERO:
                return 0.0;
            case NAN:
                return Double.NaN;
            case HUNDREDTHS:
                long zigzag = readVarLong(in);
                return ((zigzag >>> 1) ^ -(zigzag & 1)) / 100.0;
            default:
                return Double.longBitsToDouble(in.readLong());
        }
    }

    /** {@code value}'s raw bits: {@code DataOutputView#writeFloat} would make every NaN the canonical one. */
    static void writeFloat(float value, DataOutputView out) throws IOException {
        out.writeInt(Float.floatToRawIntBits(value));
    }

    static float readFloat(DataInputView in) throws IOException {
        return Float.intBitsToFloat(in.readInt());
    }

    /** An id: varint 0 and 16 bytes for a lowercase UUID, else its UTF-8 length plus one and its bytes. */
    static void writeId(String id, DataOutputView out) throws IOException {
        if (id.length() == UUID_LENGTH) {
            long high = 0;
            long low = 0;
            int digits = 0;
            for (int i = 0; i < UUID_LENGTH; i++) {
                char c = id.charAt(i);
                if (i == 8 || i == 13 || i == 18 || i == 23) {
                    if (c != '-') {
                        break;
                    }
                    continue;
                }
                int nibble = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
                if (nibble < 0) {
                    break;
                }
                if (digits++ < 16) {
                    high = high << 4 | nibble;
                } else {
                    low = low << 4 | nibble;
                }
            }
            if (digits == 32) {
                out.writeByte(0);
                out.writeLong(high);
                out.writeLong(low);
                return;
            }
        }
        SessionStateSerializer.writeUtf8(id, 1, out);
    }

    static String readId(DataInputView in) throws IOException {
        int header = SessionStateSerializer.readVarInt(in);
        if (header == 0) {
            long high = in.readLong();
            long low = in.readLong();
            char[] c = new char[UUID_LENGTH];
            putHex(high >>> 32, 8, c, 0);
            c[8] = '-';
            putHex(high >>> 16, 4, c, 9);
            c[13] = '-';
            putHex(high, 4, c, 14);
            c[18] = '-';
            putHex(low >>> 48, 4, c, 19);
            c[23] = '-';
            putHex(low, 12, c, 24);
            return new String(c);
        }
        return SessionStateSerializer.readUtf8(header - 1, in);
    }

    /** The low {@code digits} hex digits of {@code bits} into {@code c} from {@code at}, most significant first. */
    private static void putHex(long bits, int digits, char[] c, int at) {
        for (int i = digits - 1; i >= 0; i--) {
            c[at + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }
}
