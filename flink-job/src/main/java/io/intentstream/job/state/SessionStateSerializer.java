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
 * <p>Layout: the two ids as UTF-8 with a varint length; the scalars; each table as its varint count and
 * its first count elements. The slack the engine keeps for growth is not written: an array read back is
 * exactly full, and the engine grows a full array before adding to it. Adding a field to
 * {@link SessionState} means adding it here, to {@link SessionState#copy} and a new {@link UserSessionsSerializer} format.
 */
public final class SessionStateSerializer extends TypeSerializerSingleton<SessionState> {
    private static final long serialVersionUID = 1L;
    public static final SessionStateSerializer INSTANCE = new SessionStateSerializer();

    /** The layout of {@link UserSessionsSerializer}'s format 3 and later; {@link #read(DataInputView, int)} reads older ones. */
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
        writeVarInt(s.productCount, out);
        writeLongs(s.productKeys, s.productCount, out);
        writeInts(s.productViews, s.productCount, out);
        writeLongs(s.productLastViewTime, s.productCount, out);
        writeInts(s.productNetCarts, s.productCount, out);
        writeVarInt(s.categoryCount, out);
        writeLongs(s.categoryKeys, s.categoryCount, out);
        writeVarInt(s.brandCount, out);
        writeLongs(s.brandKeys, s.brandCount, out);
        writeVarInt(s.recentEventIdCount, out);
        writeLongs(s.recentEventIds, s.recentEventIdCount, out);
        writeVarInt(s.recentEventIdNext, out);
        out.writeFloat(s.lastPropensity);
        out.writeFloat(s.lastPropensityBeforePurchase);
        out.writeBoolean(s.judgedBot);
        out.writeDouble(s.purchaseValue);
        writeVarInt(s.sessionIndex, out);
        out.writeLong(s.previousUserEventTime);
        out.writeByte(s.previousSessionConverted);
    }

    public static SessionState read(DataInputView in) throws IOException {
        return read(in, UserSessionsSerializer.FORMAT);
    }

    /**
     * Reads a session written in a {@link UserSessionsSerializer} format: before format 3 a session had no place in a
     * user's history, and reads back as the user's first session (no previous one) with no purchase value.
     */
    static SessionState read(DataInputView in, int format) throws IOException {
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
        s.productCount = readVarInt(in);
        s.productKeys = readLongs(in, s.productCount);
        s.productViews = readInts(in, s.productCount);
        s.productLastViewTime = readLongs(in, s.productCount);
        s.productNetCarts = readInts(in, s.productCount);
        s.categoryCount = readVarInt(in);
        s.categoryKeys = readLongs(in, s.categoryCount);
        s.brandCount = readVarInt(in);
        s.brandKeys = readLongs(in, s.brandCount);
        s.recentEventIdCount = readVarInt(in);
        s.recentEventIds = readLongs(in, s.recentEventIdCount);
        s.recentEventIdNext = readVarInt(in);
        s.lastPropensity = in.readFloat();
        s.lastPropensityBeforePurchase = in.readFloat();
        s.judgedBot = in.readBoolean();
        if (format >= UserSessionsSerializer.FORMAT_WITH_HISTORY) {
            s.purchaseValue = in.readDouble();
            s.sessionIndex = readVarInt(in);
            s.previousUserEventTime = in.readLong();
            s.previousSessionConverted = in.readByte();
        }
        return s;
    }

    /**
     * UTF-8 with a varint length. Ids are ASCII almost always, and then their chars are the bytes: written one by
     * one, without the copy {@code getBytes} makes (JFR: about 2% of the job's CPU samples, for three ids per write).
     */
    static void writeString(String value, DataOutputView out) throws IOException {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            if (value.charAt(i) >= 0x80) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                writeVarInt(bytes.length, out);
                out.write(bytes);
                return;
            }
        }
        writeVarInt(n, out);
        for (int i = 0; i < n; i++) {
            out.writeByte(value.charAt(i));
        }
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

    static void writeLongs(long[] values, int count, DataOutputView out) throws IOException {
        for (int i = 0; i < count; i++) {
            out.writeLong(values[i]);
        }
    }

    static long[] readLongs(DataInputView in, int count) throws IOException {
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    static void writeInts(int[] values, int count, DataOutputView out) throws IOException {
        for (int i = 0; i < count; i++) {
            out.writeInt(values[i]);
        }
    }

    static int[] readInts(DataInputView in, int count) throws IOException {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
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
