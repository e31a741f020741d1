package io.intentstream.job.state;

import io.intentstream.features.SessionState;
import io.intentstream.features.UserHistory;
import java.io.IOException;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes user values as {@link UserSessionsSerializer} format 3 did (fixed-width fields, both ids in every session),
 * the layout RocksDB still holds for users not rewritten since an upgrade: tests write it to check it still reads.
 */
public final class FixedWidthLayout {
    private FixedWidthLayout() {}

    public static void writeUser(UserSessions user, DataOutputView out) throws IOException {
        out.writeByte(3);
        out.writeLong(user.closeTimer);
        out.writeBoolean(user.latestEventId != null);
        if (user.latestEventId != null) {
            out.writeLong(user.latestTime);
            out.writeByte(user.latestType.ordinal());
            SessionStateSerializer.writeString(user.latestEventId, out);
        }
        SessionStateSerializer.writeVarInt(user.open.length, out);
        for (SessionState s : user.open) {
            writeSession(s, out);
        }
        writeHistory(user.history, out);
    }

    public static void writeSession(SessionState s, DataOutputView out) throws IOException {
        SessionStateSerializer.writeString(s.sessionId, out);
        SessionStateSerializer.writeString(s.userId, out);
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
        SessionStateSerializer.writeVarInt(s.productCount, out);
        SessionStateSerializer.writeLongs(s.productKeys, s.productCount, out);
        writeInts(s.productViews, s.productCount, out);
        SessionStateSerializer.writeLongs(s.productLastViewTime, s.productCount, out);
        writeInts(s.productNetCarts, s.productCount, out);
        SessionStateSerializer.writeVarInt(s.categoryCount, out);
        SessionStateSerializer.writeLongs(s.categoryKeys, s.categoryCount, out);
        SessionStateSerializer.writeVarInt(s.brandCount, out);
        SessionStateSerializer.writeLongs(s.brandKeys, s.brandCount, out);
        SessionStateSerializer.writeVarInt(s.recentEventIdCount, out);
        SessionStateSerializer.writeLongs(s.recentEventIds, s.recentEventIdCount, out);
        SessionStateSerializer.writeVarInt(s.recentEventIdNext, out);
        out.writeFloat(s.lastPropensity);
        out.writeFloat(s.lastPropensityBeforePurchase);
        out.writeBoolean(s.judgedBot);
        out.writeDouble(s.purchaseValue);
        SessionStateSerializer.writeVarInt(s.sessionIndex, out);
        out.writeLong(s.previousUserEventTime);
        out.writeByte(s.previousSessionConverted);
    }

    private static void writeHistory(UserHistory h, DataOutputView out) throws IOException {
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
        writeInts(h.viewedCategoryCounts, h.viewedCategoryCount, out);
    }

    private static void writeRing(long[] ring, int count, int next, DataOutputView out) throws IOException {
        SessionStateSerializer.writeVarInt(count, out);
        SessionStateSerializer.writeVarInt(next, out);
        SessionStateSerializer.writeLongs(ring, count, out);
    }

    private static void writeInts(int[] values, int count, DataOutputView out) throws IOException {
        for (int i = 0; i < count; i++) {
            out.writeInt(values[i]);
        }
    }
}
