package io.intentstream.job.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.UUID;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Every value the compact layout writes reads back bit for bit, and the common ones take few bytes. */
class CompactCodingTest {

    @Property
    void anyTimeReadsBackAgainstAnyBase(@ForAll long time, @ForAll long base) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        CompactCoding.writeTime(time, base, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(CompactCoding.readTime(base, in)).isEqualTo(time);
        assertThat(in.available()).isZero();
    }

    @Example
    void extremeTimesReadBack() throws IOException {
        long[] values = {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, -1, 0, 1};
        for (long time : values) {
            for (long base : values) {
                anyTimeReadsBackAgainstAnyBase(time, base);
            }
        }
    }

    @Example
    void timesNearTheBaseAndNoTimeAreShort() throws IOException {
        long base = 1_569_888_000_000L;
        assertThat(timeBytes(Long.MIN_VALUE, base)).isEqualTo(1);
        assertThat(timeBytes(base + 59_000, base)).isEqualTo(3);
        assertThat(timeBytes(base + 86_400_000, base)).isEqualTo(4);
        assertThat(timeBytes(base - 86_400_000, base)).isEqualTo(4);
    }

    @Property
    void anyDoubleReadsBackBitForBit(@ForAll double value) throws IOException {
        assertThat(Double.doubleToRawLongBits(roundTrip(value))).isEqualTo(Double.doubleToRawLongBits(value));
    }

    @Property
    void anyDoubleFromItsBitsReadsBackBitForBit(@ForAll long bits) throws IOException {
        anyDoubleReadsBackBitForBit(Double.longBitsToDouble(bits));
    }

    @Property
    void pricesInCentsReadBackBitForBit(@ForAll int cents) throws IOException {
        double price = Double.parseDouble(cents / 100 + "." + String.format("%02d", Math.abs(cents % 100)));
        assertThat(CompactCoding.doubleKind(price)).isIn(CompactCoding.HUNDREDTHS, CompactCoding.ZERO);
        anyDoubleReadsBackBitForBit(price);
    }

    @Example
    void specialDoublesReadBack() throws IOException {
        for (double d : new double[] {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L),
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1e15, -1e17, 629.24,
                0.1 + 0.2}) {
            anyDoubleReadsBackBitForBit(d);
        }
        assertThat(CompactCoding.doubleKind(0.0)).isEqualTo(CompactCoding.ZERO);
        assertThat(CompactCoding.doubleKind(-0.0)).isEqualTo(CompactCoding.RAW);
        assertThat(CompactCoding.doubleKind(Double.NaN)).isEqualTo(CompactCoding.NAN);
        assertThat(CompactCoding.doubleKind(629.24)).isEqualTo(CompactCoding.HUNDREDTHS);
        assertThat(CompactCoding.doubleKind(0.1 + 0.2)).isEqualTo(CompactCoding.RAW);
    }

    @Property
    void anyIdReadsBack(@ForAll String id) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        CompactCoding.writeId(id, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(CompactCoding.readId(in)).isEqualTo(id);
        assertThat(in.available()).isZero();
    }

    @Property
    void uuidsReadBackAndLowercaseOnesTakeSeventeenBytes(@ForAll long high, @ForAll long low) throws IOException {
        String uuid = new UUID(high, low).toString();
        anyIdReadsBack(uuid);
        anyIdReadsBack(uuid.toUpperCase());
        assertThat(idBytes(uuid)).isEqualTo(17);
        if (!uuid.toUpperCase().equals(uuid)) {
            assertThat(idBytes(uuid.toUpperCase())).as("an uppercase UUID is written as text").isEqualTo(37);
        }
    }

    @Example
    void almostUuidsAndEmptyIdsReadBack() throws IOException {
        for (String id : new String[] {"", "8e36e992-d349-4c60-b643-1d8c054f27f", "8e36e992-d349-4c60-b643-1d8c054f27ff0",
                "8e36e992xd349-4c60-b643-1d8c054f27ff", "8e36e992-d349-4c60-b643-1d8c054f27fg", "séance-中", "500726208"}) {
            anyIdReadsBack(id);
        }
        assertThat(idBytes("500726208")).isEqualTo(10);
    }

    @Property
    void anyFloatReadsBackBitForBit(@ForAll int bits) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(8);
        CompactCoding.writeFloat(Float.intBitsToFloat(bits), out);
        assertThat(Float.floatToRawIntBits(CompactCoding.readFloat(new DataInputDeserializer(out.getCopyOfBuffer()))))
                .isEqualTo(bits);
    }

    @Property
    void anySignedIntReadsBack(@ForAll int value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(8);
        CompactCoding.writeSignedVarInt(value, out);
        assertThat(CompactCoding.readSignedVarInt(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(value);
    }

    private static double roundTrip(double value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        int kind = CompactCoding.doubleKind(value);
        CompactCoding.writeDouble(value, kind, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        double back = CompactCoding.readDouble(kind, in);
        assertThat(in.available()).isZero();
        return back;
    }

    private static int timeBytes(long time, long base) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        CompactCoding.writeTime(time, base, out);
        return out.length();
    }

    private static int idBytes(String id) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        CompactCoding.writeId(id, out);
        return out.length();
    }
}
