package io.intentstream.job.state;

import io.intentstream.features.SessionState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link SessionState} field by field, in a fixed order, without reflection or per-field null
 * markers: Flink's POJO serializer spent about a tenth of the scoring thread's time in reflective field
 * access and string decoding (measured with JFR, docs/BENCHMARKS.md).
 *
 * <p>Layout: the two ids as UTF-8 with a varint length; the scalars; each array as an int length and
 * its elements. Arrays are written at their capacity, as the engine sizes them. Adding a field to
 * {@link SessionState} means adding it here, to {@link SessionState#copy} and a new {@link UserSessionsSerializer} format.
 */
public final class SessionStateSerializer extends TypeSerializerSingleton<SessionState> {
    private static final long serialVersionUID = 1L;
    public static final SessionStateSerializer INSTANCE = new SessionStateSerializer();

    public static void write(SessionState s, DataOutputView out) throws IOException {
        writeString(s.sessionId, out);
        writeString(s.userId, out);
        out.writeLong(s.firstEventTime);
        out.writeLong(s.lastEventTime);
        out.writeInt(s.eventCount);
        out.writeInt(s.viewCount);
        out.writeInt(s.cartCount);
        out.writeInt(s.removeCount);
        out.writeInt(s.purchaseCount);
        out.writeLong(s.firstPurchaseTime);
        out.writeDouble(s.cartValue);
        out.writeDouble(s.maxViewPrice);
        out.writeDouble(s.sumViewPrice);
        out.writeInt(s.pricedViewCount);
        writeLongs(s.productKeys, out);
        writeInts(s.productViews, out);
        writeLongs(s.productLastViewTime, out);
        writeInts(s.productNetCarts, out);
        out.writeInt(s.productCount);
        writeLongs(s.categoryKeys, out);
        out.writeInt(s.categoryCount);
        writeLongs(s.brandKeys, out);
        out.writeInt(s.brandCount);
        writeLongs(s.recentEventIds, out);
        out.writeInt(s.recentEventIdCount);
        out.writeInt(s.recentEventIdNext);
        out.writeFloat(s.lastPropensity);
        out.writeFloat(s.lastPropensityBeforePurchase);
        out.writeBoolean(s.judgedBot);
    }

    public static SessionState read(DataInputView in) throws IOException {
        SessionState s = new SessionState();
        s.sessionId = readString(in);
        s.userId = readString(in);
        s.firstEventTime = in.readLong();
        s.lastEventTime = in.readLong();
        s.eventCount = in.readInt();
        s.viewCount = in.readInt();
        s.cartCount = in.readInt();
        s.removeCount = in.readInt();
        s.purchaseCount = in.readInt();
        s.firstPurchaseTime = in.readLong();
        s.cartValue = in.readDouble();
        s.maxViewPrice = in.readDouble();
        s.sumViewPrice = in.readDouble();
        s.pricedViewCount = in.readInt();
        s.productKeys = readLongs(in);
        s.productViews = readInts(in);
        s.productLastViewTime = readLongs(in);
        s.productNetCarts = readInts(in);
        s.productCount = in.readInt();
        s.categoryKeys = readLongs(in);
        s.categoryCount = in.readInt();
        s.brandKeys = readLongs(in);
        s.brandCount = in.readInt();
        s.recentEventIds = readLongs(in);
        s.recentEventIdCount = in.readInt();
        s.recentEventIdNext = in.readInt();
        s.lastPropensity = in.readFloat();
        s.lastPropensityBeforePurchase = in.readFloat();
        s.judgedBot = in.readBoolean();
        return s;
    }

    static void writeString(String value, DataOutputView out) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarInt(bytes.length, out);
        out.write(bytes);
    }

    static String readString(DataInputView in) throws IOException {
        byte[] bytes = new byte[readVarInt(in)];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static void writeVarInt(int value, DataOutputView out) throws IOException {
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    static int readVarInt(DataInputView in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed length in session state");
    }

    private static void writeLongs(long[] values, DataOutputView out) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    private static long[] readLongs(DataInputView in) throws IOException {
        long[] values = new long[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    private static void writeInts(int[] values, DataOutputView out) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static int[] readInts(DataInputView in) throws IOException {
        int[] values = new int[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public SessionState createInstance() {
        return new SessionState();
    }

    @Override
    public SessionState copy(SessionState from) {
        return from.copy();
    }

    @Override
    public SessionState copy(SessionState from, SessionState reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SessionState record, DataOutputView target) throws IOException {
        write(record, target);
    }

    @Override
    public SessionState deserialize(DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public SessionState deserialize(SessionState reuse, DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        write(read(source), target);
    }

    @Override
    public TypeSerializerSnapshot<SessionState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the layout is versioned by {@link UserSessionsSerializer}. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SessionState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
