package io.intentstream.job.state;

import io.intentstream.features.UserHistory;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link UserHistory} field by field, as {@link SessionStateSerializer} writes a session: the scalars, then
 * each table as its count and its first count elements (a ring also its next position). A ring is read back at its
 * full capacity, as the engine keeps it. Adding a field to {@link UserHistory} means adding it here, to
 * {@link UserHistory#copy} and a new {@link UserSessionsSerializer} format.
 */
final class UserHistoryFields {
    private UserHistoryFields() {}

    static void write(UserHistory h, DataOutputView out) throws IOException {
        SessionStateSerializer.writeVarInt(h.sessionsStarted, out);
        SessionStateSerializer.writeVarInt(h.cartSessions, out);
        SessionStateSerializer.writeVarInt(h.convertedSessions, out);
        SessionStateSerializer.writeVarInt(h.purchases, out);
        out.writeDouble(h.spend);
        out.writeLong(h.lastEventTime);
        out.writeLong(h.lastPurchaseTime);
        out.writeBoolean(h.latestSessionConverted);
        out.writeDouble(h.decayedSessions);
        out.writeDouble(h.decayedConversions);
        out.writeLong(h.decayedAt);
        writeRing(h.boughtProducts, h.boughtProductCount, h.boughtProductNext, out);
        writeRing(h.cartedProducts, h.cartedProductCount, h.cartedProductNext, out);
        writeRing(h.boughtCategories, h.boughtCategoryCount, h.boughtCategoryNext, out);
        SessionStateSerializer.writeVarInt(h.viewedCategoryCount, out);
        SessionStateSerializer.writeLongs(h.viewedCategoryKeys, h.viewedCategoryCount, out);
        SessionStateSerializer.writeInts(h.viewedCategoryCounts, h.viewedCategoryCount, out);
    }

    static UserHistory read(DataInputView in) throws IOException {
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
        h.boughtProductCount = SessionStateSerializer.readVarInt(in);
        h.boughtProductNext = SessionStateSerializer.readVarInt(in);
        h.boughtProducts = readRing(in, h.boughtProductCount, UserHistory.MAX_RECENT_PRODUCTS);
        h.cartedProductCount = SessionStateSerializer.readVarInt(in);
        h.cartedProductNext = SessionStateSerializer.readVarInt(in);
        h.cartedProducts = readRing(in, h.cartedProductCount, UserHistory.MAX_RECENT_PRODUCTS);
        h.boughtCategoryCount = SessionStateSerializer.readVarInt(in);
        h.boughtCategoryNext = SessionStateSerializer.readVarInt(in);
        h.boughtCategories = readRing(in, h.boughtCategoryCount, UserHistory.MAX_RECENT_CATEGORIES);
        h.viewedCategoryCount = SessionStateSerializer.readVarInt(in);
        h.viewedCategoryKeys = SessionStateSerializer.readLongs(in, h.viewedCategoryCount);
        h.viewedCategoryCounts = SessionStateSerializer.readInts(in, h.viewedCategoryCount);
        return h;
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
