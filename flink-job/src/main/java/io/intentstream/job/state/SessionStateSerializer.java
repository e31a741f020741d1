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
 * <p>Layout ({@link UserSessionsSerializer} format 4, {@link CompactCoding}): a flags byte (the session's own user
 * id follows, judged a bot), the kinds of its four doubles in a byte, the session id, the times relative to the
 * value's base time (the first event's) or to the first event, the counts as varints, each table as its varint
 * count and its first count elements (keys as their eight bytes). The slack the engine keeps for growth is not
 * written: an array read back is exactly full, and the engine grows a full array before adding to it. Adding a
 * field to {@link SessionState} means adding it here, to {@link SessionState#copy} and a new
 * {@link UserSessionsSerializer} format.
 */
public final class SessionStateSerializer extends TypeSerializerSingleton<SessionState> {
    private static final long serialVersionUID = 1L;
    public static final SessionStateSerializer INSTANCE = new SessionStateSerializer();
    private static final int OWN_USER_ID = 1;
    private static final int JUDGED_BOT = 2;

    /**
     * Writes {@code s} in the compact layout: its user id only when it is not {@code userId}, the id of the value it
     * belongs to ({@code null} writes it always), and its first event's time relative to {@code base}.
     */
    public static void write(SessionState s, String userId, long base, DataOutputView out) throws IOException {
        boolean ownUserId = userId == null || !userId.equals(s.userId);
        out.writeByte((ownUserId ? OWN_USER_ID : 0) | (s.judgedBot ? JUDGED_BOT : 0));
        int cartValue = CompactCoding.doubleKind(s.cartValue);
        int purchaseValue = CompactCoding.doubleKind(s.purchaseValue);
        int maxViewPrice = CompactCoding.doubleKind(s.maxViewPrice);
        int sumViewPrice = CompactCoding.doubleKind(s.sumViewPrice);
        out.writeByte(cartValue | purchaseValue << 2 | maxViewPrice << 4 | sumViewPrice << 6);
        CompactCoding.writeId(s.sessionId, out);
        if (ownUserId) {
            CompactCoding.writeId(s.userId, out);
        }
        long first = s.firstEventTime;
        CompactCoding.writeTime(first, base, out);
        CompactCoding.writeTime(s.lastEventTime, first, out);
        writeVarInt(s.eventCount, out);
        writeVarInt(s.viewCount, out);
        writeVarInt(s.cartCount, out);
        writeVarInt(s.removeCount, out);
        writeVarInt(s.purchaseCount, out);
        writeVarInt(s.pricedViewCount, out);
        CompactCoding.writeTime(s.firstPurchaseTime, first, out);
        CompactCoding.writeDouble(s.cartValue, cartValue, out);
        CompactCoding.writeDouble(s.purchaseValue, purchaseValue, out);
        CompactCoding.writeDouble(s.maxViewPrice, maxViewPrice, out);
        CompactCoding.writeDouble(s.sumViewPrice, sumViewPrice, out);
        writeVarInt(s.productCount, out);
        writeLongs(s.productKeys, s.productCount, out);
        for (int i = 0; i < s.productCount; i++) {
            writeVarInt(s.productViews[i], out);
            CompactCoding.writeTime(s.productLastViewTime[i], first, out);
            CompactCoding.writeSignedVarInt(s.productNetCarts[i], out);
        }
        writeVarInt(s.categoryCount, out);
        writeLongs(s.categoryKeys, s.categoryCount, out);
        writeVarInt(s.brandCount, out);
        writeLongs(s.brandKeys, s.brandCount, out);
        writeVarInt(s.recentEventIdCount, out);
        writeLongs(s.recentEventIds, s.recentEventIdCount, out);
        writeVarInt(s.recentEventIdNext, out);
        CompactCoding.writeFloat(s.lastPropensity, out);
        CompactCoding.writeFloat(s.lastPropensityBeforePurchase, out);
        writeVarInt(s.sessionIndex, out);
        CompactCoding.writeTime(s.previousUserEventTime, first, out);
        out.writeByte(s.previousSessionConverted);
    }

    /** Reads a session {@link #write} wrote with the same {@code userId} and {@code base}. */
    static SessionState read(DataInputView in, String userId, long base) throws IOException {
        SessionState s = new SessionState();
        int flags = in.readUnsignedByte();
        int doubleKinds = in.readUnsignedByte();
        s.judgedBot = (flags & JUDGED_BOT) != 0;
        s.sessionId = CompactCoding.readId(in);
        s.userId = (flags & OWN_USER_ID) != 0 ? CompactCoding.readId(in) : userId;
        long first = CompactCoding.readTime(base, in);
        s.firstEventTime = first;
        s.lastEventTime = CompactCoding.readTime(first, in);
        s.eventCount = readVarInt(in);
        s.viewCount = readVarInt(in);
        s.cartCount = readVarInt(in);
        s.removeCount = readVarInt(in);
        s.purchaseCount = readVarInt(in);
        s.pricedViewCount = readVarInt(in);
        s.firstPurchaseTime = CompactCoding.readTime(first, in);
        s.cartValue = CompactCoding.readDouble(doubleKinds & 3, in);
        s.purchaseValue = CompactCoding.readDouble(doubleKinds >>> 2 & 3, in);
        s.maxViewPrice = CompactCoding.readDouble(doubleKinds >>> 4 & 3, in);
        s.sumViewPrice = CompactCoding.readDouble(doubleKinds >>> 6 & 3, in);
        int products = readVarInt(in);
        s.productCount = products;
        s.productKeys = readLongs(in, products);
        s.productViews = new int[products];
        s.productLastViewTime = new long[products];
        s.productNetCarts = new int[products];
        for (int i = 0; i < products; i++) {
            s.productViews[i] = readVarInt(in);
            s.productLastViewTime[i] = CompactCoding.readTime(first, in);
            s.productNetCarts[i] = CompactCoding.readSignedVarInt(in);
        }
        readKeyTables(s, in);
        s.lastPropensity = CompactCoding.readFloat(in);
        s.lastPropensityBeforePurchase = CompactCoding.readFloat(in);
        s.sessionIndex = readVarInt(in);
        s.previousUserEventTime = CompactCoding.readTime(first, in);
        s.previousSessionConverted = in.readByte();
        return s;
    }

    /**
     * Reads a session written in {@link UserSessionsSerializer} format 1, 2 or 3 (fixed-width fields, both ids as
     * UTF-8): before format 3 a session had no place in a user's history, and reads back as the user's first session
     * (no previous one) with no purchase value.
     */
    static SessionState readFixedWidth(DataInputView in, int format) throws IOException {
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
        readKeyTables(s, in);
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

    /** The category, brand and event-id tables: the same in the fixed-width and the compact layouts. */
    private static void readKeyTables(SessionState s, DataInputView in) throws IOException {
        s.categoryCount = readVarInt(in);
        s.categoryKeys = readLongs(in, s.categoryCount);
        s.brandCount = readVarInt(in);
        s.brandKeys = readLongs(in, s.brandCount);
        s.recentEventIdCount = readVarInt(in);
        s.recentEventIds = readLongs(in, s.recentEventIdCount);
        s.recentEventIdNext = readVarInt(in);
    }

    /**
     * UTF-8 with a varint length. Ids are ASCII almost always, and then their chars are the bytes: written one by
     * one, without the copy {@code getBytes} makes (JFR: about 2% of the job's CPU samples, for three ids per write).
     */
    static void writeString(String value, DataOutputView out) throws IOException {
        writeUtf8(value, 0, out);
    }

    /** {@code value} as UTF-8 after a varint of its byte length plus {@code lengthOffset}. */
    static void writeUtf8(String value, int lengthOffset, DataOutputView out) throws IOException {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            if (value.charAt(i) >= 0x80) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                writeVarInt(bytes.length + lengthOffset, out);
                out.write(bytes);
                return;
            }
        }
        writeVarInt(n + lengthOffset, out);
        for (int i = 0; i < n; i++) {
            out.writeByte(value.charAt(i));
        }
    }

    static String readString(DataInputView in) throws IOException {
        return readUtf8(readVarInt(in), in);
    }

    static String readUtf8(int length, DataInputView in) throws IOException {
        byte[] bytes = new byte[length];
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
        write(record, null, 0, target);
    }

    @Override
    public SessionState deserialize(DataInputView source) throws IOException {
        return read(source, null, 0);
    }

    @Override
    public SessionState deserialize(SessionState reuse, DataInputView source) throws IOException {
        return read(source, null, 0);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
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
