package io.intentstream.job.state;

import io.intentstream.features.UserHistory;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link UserHistory} field by field, as {@link SessionStateSerializer} writes a session: the counts as
 * varints, the kinds of its three doubles and whether the latest session converted in a byte, the times relative to
 * the value's base time ({@link CompactCoding}), then each table as its count and its first count elements (a ring
 * also its next position). A ring is read back at its full capacity, as the engine keeps it. Adding a field to
 * {@link UserHistory} means adding it here, to {@link UserHistory#copy} and a new {@link UserSessionsSerializer} format.
 */
final class UserHistoryFields {
    private static final int LATEST_SESSION_CONVERTED = 1 << 6;

    private UserHistoryFields() {}

    static void write(UserHistory h, long base, DataOutputView out) throws IOException {
        SessionStateSerializer.writeVarInt(h.sessionsStarted, out);
        SessionStateSerializer.writeVarInt(h.cartSessions, out);
        SessionStateSerializer.writeVarInt(h.convertedSessions, out);
        SessionStateSerializer.writeVarInt(h.purchases, out);
        int spend = CompactCoding.doubleKind(h.spend);
        int decayedSessions = CompactCoding.doubleKind(h.decayedSessions);
        int decayedConversions = CompactCoding.doubleKind(h.decayedConversions);
        out.writeByte(spend | decayedSessions << 2 | decayedConversions << 4
                | (h.latestSessionConverted ? LATEST_SESSION_CONVERTED : 0));
        CompactCoding.writeDouble(h.spend, spend, out);
        CompactCoding.writeDouble(h.decayedSessions, decayedSessions, out);
        CompactCoding.writeDouble(h.decayedConversions, decayedConversions, out);
        CompactCoding.writeTime(h.lastEventTime, base, out);
        CompactCoding.writeTime(h.lastPurchaseTime, base, out);
        CompactCoding.writeTime(h.decayedAt, base, out);
        writeRing(h.boughtProducts, h.boughtProductCount, h.boughtProductNext, out);
        writeRing(h.cartedProducts, h.cartedProductCount, h.cartedProductNext, out);
        writeRing(h.boughtCategories, h.boughtCategoryCount, h.boughtCategoryNext, out);
        SessionStateSerializer.writeVarInt(h.viewedCategoryCount, out);
        SessionStateSerializer.writeLongs(h.viewedCategoryKeys, h.viewedCategoryCount, out);
        for (int i = 0; i < h.viewedCategoryCount; i++) {
            SessionStateSerializer.writeVarInt(h.viewedCategoryCounts[i], out);
        }
    }

    /** Reads a history {@link #write} wrote with the same {@code base}. */
    static UserHistory read(DataInputView in, long base) throws IOException {
        UserHistory h = new UserHistory();
        h.sessionsStarted = SessionStateSerializer.readVarInt(in);
        h.cartSessions = SessionStateSerializer.readVarInt(in);
        h.convertedSessions = SessionStateSerializer.readVarInt(in);
        h.purchases = SessionStateSerializer.readVarInt(in);
        int flags = in.readUnsignedByte();
        h.latestSessionConverted = (flags & LATEST_SESSION_CONVERTED) != 0;
        h.spend = CompactCoding.readDouble(flags & 3, in);
        h.decayedSessions = CompactCoding.readDouble(flags >>> 2 & 3, in);
        h.decayedConversions = CompactCoding.readDouble(flags >>> 4 & 3, in);
        h.lastEventTime = CompactCoding.readTime(base, in);
        h.lastPurchaseTime = CompactCoding.readTime(base, in);
        h.decayedAt = CompactCoding.readTime(base, in);
        readRings(h, in);
        h.viewedCategoryCount = SessionStateSerializer.readVarInt(in);
        h.viewedCategoryKeys = SessionStateSerializer.readLongs(in, h.viewedCategoryCount);
        h.viewedCategoryCounts = new int[h.viewedCategoryCount];
        for (int i = 0; i < h.viewedCategoryCount; i++) {
            h.viewedCategoryCounts[i] = SessionStateSerializer.readVarInt(in);
        }
        return h;
    }

    /** Reads a history in the fixed-width layout of {@link UserSessionsSerializer} format 3. */
    static UserHistory readFixedWidth(DataInputView in) throws IOException {
        UserHistory h = new UserHistory();
        h.sessionsStarted = SessionStateSerializer.readVarInt(in);
        h.cartSessions = SessionStateSerializer.readVarInt(in);
        h.convertedSessions = SessionStateSerializer.readVarInt(in);
        h.purchases = SessionStateSerializer.readVarInt(in);
        h.spend = in.readDouble();
        h.lastEventTime = in.readLong();
        h.lastPurchaseTime = in.readLong();
        h.latestSessionConverted = in.readBoolean();
        h.decayedSessions = in.readDouble();
        h.decayedConversions = in.readDouble();
        h.decayedAt = in.readLong();
        readRings(h, in);
        h.viewedCategoryCount = SessionStateSerializer.readVarInt(in);
        h.viewedCategoryKeys = SessionStateSerializer.readLongs(in, h.viewedCategoryCount);
        h.viewedCategoryCounts = SessionStateSerializer.readInts(in, h.viewedCategoryCount);
        return h;
    }

    private static void readRings(UserHistory h, DataInputView in) throws IOException {
        h.boughtProductCount = SessionStateSerializer.readVarInt(in);
        h.boughtProductNext = SessionStateSerializer.readVarInt(in);
        h.boughtProducts = readRing(in, h.boughtProductCount, UserHistory.MAX_RECENT_PRODUCTS);
        h.cartedProductCount = SessionStateSerializer.readVarInt(in);
        h.cartedProductNext = SessionStateSerializer.readVarInt(in);
        h.cartedProducts = readRing(in, h.cartedProductCount, UserHistory.MAX_RECENT_PRODUCTS);
        h.boughtCategoryCount = SessionStateSerializer.readVarInt(in);
        h.boughtCategoryNext = SessionStateSerializer.readVarInt(in);
        h.boughtCategories = readRing(in, h.boughtCategoryCount, UserHistory.MAX_RECENT_CATEGORIES);
    }

    private static void writeRing(long[] ring, int count, int next, DataOutputView out) throws IOException {
        SessionStateSerializer.writeVarInt(count, out);
        SessionStateSerializer.writeVarInt(next, out);
        SessionStateSerializer.writeLongs(ring, count, out);
    }

    /** A ring that holds keys is allocated at its capacity, as the engine allocates it; an empty one stays empty. */
    private static long[] readRing(DataInputView in, int count, int capacity) throws IOException {
        long[] keys = SessionStateSerializer.readLongs(in, count);
        return count == 0 ? keys : Arrays.copyOf(keys, capacity);
    }
}
