package io.intentstream.features;

import io.intentstream.events.ClickEvent;
import java.util.Arrays;

/**
 * The user-history and context features, and the rules that keep a {@link UserHistory}: part of the one feature
 * definition {@link SessionFeatureEngine} applies.
 *
 * <p>Point in time: the features of an event read the history as it was before the event (every event of the user
 * applied before it, in any session), and only then is the event added. Counts "of previous sessions" are the
 * user's counts minus the current session's own, so they never repeat the session features. Nothing is taken from
 * scores: a model's output is no feature, so replay needs no model and versions do not feed each other.
 */
final class UserHistoryFeatures {
    private static final float MISSING = Float.NaN;
    private static final double MILLIS_PER_DAY = 86_400_000.0;
    /** Half-life of the decayed session and conversion counts. */
    static final long DECAY_HALF_LIFE_MILLIS = 7 * 86_400_000L;
    /** The smoothed conversion rate starts at {@link #PRIOR_RATE} and moves towards the user's own after a few sessions. */
    static final double PRIOR_RATE = 0.05;
    static final double PRIOR_SESSIONS = 10;
    /** Context codes: position in these lists (case-insensitive), the list's length for any other value. */
    static final String[] DEVICE_TYPES = {"mobile", "desktop", "tablet"};
    static final String[] CHANNELS = {"direct", "organic_search", "paid_search", "social", "email", "referral"};

    private UserHistoryFeatures() {}

    /** Called when {@code session} opens: its place among the user's sessions and what came before it. */
    static void sessionOpened(UserHistory h, SessionState session, long t) {
        session.sessionIndex = h.sessionsStarted;
        session.previousUserEventTime = h.lastEventTime;
        session.previousSessionConverted = h.sessionsStarted == 0 ? SessionState.UNKNOWN
                : (h.latestSessionConverted ? SessionState.YES : SessionState.NO);
        h.sessionsStarted++;
        h.latestSessionConverted = false;
        decayTo(h, t);
        h.decayedSessions += 1;
    }

    /**
     * Writes the history and context features of {@code e} from the history and the session as they were before
     * it (call before the session applies it).
     *
     * @param productKey hash of the event's product, or 0 with {@code hasProduct} false
     */
    static void write(UserHistory h, SessionState s, ClickEvent e, boolean hasProduct, long productKey, boolean hasCategory,
            long categoryKey, float[] out) {
        long t = e.eventTime;
        int prevSessions = s.sessionIndex;
        int prevConverted = h.convertedSessions - (s.purchaseCount > 0 ? 1 : 0);
        out[FeatureSchema.USER_PREV_SESSIONS] = prevSessions;
        out[FeatureSchema.USER_PREV_CART_SESSIONS] = h.cartSessions - (s.cartCount > 0 ? 1 : 0);
        out[FeatureSchema.USER_PREV_CONVERTED_SESSIONS] = prevConverted;
        out[FeatureSchema.USER_CONVERSION_RATE] =
                (float) ((prevConverted + PRIOR_RATE * PRIOR_SESSIONS) / (prevSessions + PRIOR_SESSIONS));
        out[FeatureSchema.USER_PREV_PURCHASES] = h.purchases - s.purchaseCount;
        out[FeatureSchema.USER_PREV_SPEND] = (float) (h.spend - s.purchaseValue);
        out[FeatureSchema.DAYS_SINCE_LAST_PURCHASE] = h.lastPurchaseTime == UserHistory.NO_TIME ? MISSING
                : (float) (Math.max(0L, t - h.lastPurchaseTime) / MILLIS_PER_DAY);
        out[FeatureSchema.DAYS_SINCE_PREV_SESSION] = s.previousUserEventTime == UserHistory.NO_TIME ? MISSING
                : (float) (Math.max(0L, t - s.previousUserEventTime) / MILLIS_PER_DAY);
        double decay = decayFactor(h, t);
        out[FeatureSchema.USER_DECAYED_SESSIONS] = (float) (h.decayedSessions * decay);
        out[FeatureSchema.USER_DECAYED_CONVERSIONS] = (float) (h.decayedConversions * decay);
        out[FeatureSchema.PRODUCT_BOUGHT_BEFORE] = hasProduct
                ? flag(contains(h.boughtProducts, h.boughtProductCount, productKey)) : MISSING;
        out[FeatureSchema.PRODUCT_CARTED_BEFORE] = hasProduct
                ? flag(contains(h.cartedProducts, h.cartedProductCount, productKey)) : MISSING;
        out[FeatureSchema.CATEGORY_BOUGHT_BEFORE] = hasCategory
                ? flag(contains(h.boughtCategories, h.boughtCategoryCount, categoryKey)) : MISSING;
        out[FeatureSchema.CATEGORY_VIEWS_BEFORE] = hasCategory ? viewsOf(h, categoryKey) : MISSING;
        out[FeatureSchema.PREV_SESSION_CONVERTED] = s.previousSessionConverted == SessionState.UNKNOWN ? MISSING
                : s.previousSessionConverted;
        out[FeatureSchema.DEVICE_TYPE] = code(e.deviceType, DEVICE_TYPES);
        out[FeatureSchema.CHANNEL] = code(e.channel, CHANNELS);
    }

    /**
     * Adds {@code e} to the history, after the session has applied it: {@code firstCart} and {@code firstPurchase}
     * say whether it was the session's first cart or purchase.
     */
    static void record(UserHistory h, SessionState s, ClickEvent e, boolean hasProduct, long productKey, boolean hasCategory,
            long categoryKey) {
        long t = e.eventTime;
        h.lastEventTime = h.lastEventTime == UserHistory.NO_TIME ? t : Math.max(h.lastEventTime, t);
        boolean latest = s.sessionIndex == h.sessionsStarted - 1;
        switch (e.eventType) {
            case VIEW:
                if (hasCategory) {
                    countView(h, categoryKey);
                }
                break;
            case CART:
                if (s.cartCount == 1) {
                    h.cartSessions++;
                }
                if (hasProduct && !contains(h.cartedProducts, h.cartedProductCount, productKey)) {
                    h.cartedProducts = ring(h.cartedProducts, UserHistory.MAX_RECENT_PRODUCTS);
                    h.cartedProducts[h.cartedProductNext] = productKey;
                    h.cartedProductNext = (h.cartedProductNext + 1) % UserHistory.MAX_RECENT_PRODUCTS;
                    h.cartedProductCount = Math.min(UserHistory.MAX_RECENT_PRODUCTS, h.cartedProductCount + 1);
                }
                break;
            case PURCHASE:
                h.purchases++;
                if (!Double.isNaN(e.price)) {
                    h.spend += e.price;
                }
                h.lastPurchaseTime = h.lastPurchaseTime == UserHistory.NO_TIME ? t : Math.max(h.lastPurchaseTime, t);
                if (s.purchaseCount == 1) {
                    h.convertedSessions++;
                    decayTo(h, t);
                    h.decayedConversions += 1;
                }
                if (latest) {
                    h.latestSessionConverted = true;
                }
                if (hasProduct && !contains(h.boughtProducts, h.boughtProductCount, productKey)) {
                    h.boughtProducts = ring(h.boughtProducts, UserHistory.MAX_RECENT_PRODUCTS);
                    h.boughtProducts[h.boughtProductNext] = productKey;
                    h.boughtProductNext = (h.boughtProductNext + 1) % UserHistory.MAX_RECENT_PRODUCTS;
                    h.boughtProductCount = Math.min(UserHistory.MAX_RECENT_PRODUCTS, h.boughtProductCount + 1);
                }
                if (hasCategory && !contains(h.boughtCategories, h.boughtCategoryCount, categoryKey)) {
                    h.boughtCategories = ring(h.boughtCategories, UserHistory.MAX_RECENT_CATEGORIES);
                    h.boughtCategories[h.boughtCategoryNext] = categoryKey;
                    h.boughtCategoryNext = (h.boughtCategoryNext + 1) % UserHistory.MAX_RECENT_CATEGORIES;
                    h.boughtCategoryCount = Math.min(UserHistory.MAX_RECENT_CATEGORIES, h.boughtCategoryCount + 1);
                }
                break;
            case REMOVE_FROM_CART:
                break;
            default:
                throw new IllegalStateException("unhandled event type " + e.eventType);
        }
    }

    /** Brings the decayed counts forward to {@code t} (never back: an event out of order leaves them as they are). */
    private static void decayTo(UserHistory h, long t) {
        if (h.decayedAt == UserHistory.NO_TIME) {
            h.decayedAt = t;
            return;
        }
        double factor = decayFactor(h, t);
        h.decayedSessions *= factor;
        h.decayedConversions *= factor;
        h.decayedAt = Math.max(h.decayedAt, t);
    }

    /** 2^(-(t - decayedAt) / half-life), 1 for a time at or before {@code decayedAt}; StrictMath, so every JVM agrees. */
    private static double decayFactor(UserHistory h, long t) {
        if (h.decayedAt == UserHistory.NO_TIME || t <= h.decayedAt) {
            return 1.0;
        }
        return StrictMath.pow(2.0, -(double) (t - h.decayedAt) / DECAY_HALF_LIFE_MILLIS);
    }

    private static float flag(boolean b) {
        return b ? 1f : 0f;
    }

    private static float code(String value, String[] known) {
        if (value == null) {
            return MISSING;
        }
        for (int i = 0; i < known.length; i++) {
            if (known[i].equalsIgnoreCase(value)) {
                return i;
            }
        }
        return known.length;
    }

    private static boolean contains(long[] keys, int count, long key) {
        for (int i = 0; i < count; i++) {
            if (keys[i] == key) {
                return true;
            }
        }
        return false;
    }

    /** A ring of the most recent keys is allocated whole on its first key: most users never fill one. */
    private static long[] ring(long[] keys, int capacity) {
        return keys.length == capacity ? keys : new long[capacity];
    }

    private static float viewsOf(UserHistory h, long key) {
        for (int i = 0; i < h.viewedCategoryCount; i++) {
            if (h.viewedCategoryKeys[i] == key) {
                return h.viewedCategoryCounts[i];
            }
        }
        return 0f;
    }

    /** Space-saving: count a known key; add a new one while there is room; else it replaces the least counted. */
    private static void countView(UserHistory h, long key) {
        int min = -1;
        for (int i = 0; i < h.viewedCategoryCount; i++) {
            if (h.viewedCategoryKeys[i] == key) {
                h.viewedCategoryCounts[i]++;
                return;
            }
            if (min < 0 || h.viewedCategoryCounts[i] < h.viewedCategoryCounts[min]) {
                min = i;
            }
        }
        if (h.viewedCategoryCount < UserHistory.MAX_VIEWED_CATEGORIES) {
            int i = h.viewedCategoryCount++;
            if (i == h.viewedCategoryKeys.length) {
                int size = Math.min(UserHistory.MAX_VIEWED_CATEGORIES, Math.max(4, i * 2));
                h.viewedCategoryKeys = Arrays.copyOf(h.viewedCategoryKeys, size);
                h.viewedCategoryCounts = Arrays.copyOf(h.viewedCategoryCounts, size);
            }
            h.viewedCategoryKeys[i] = key;
            h.viewedCategoryCounts[i] = 1;
        } else {
            h.viewedCategoryKeys[min] = key;
            h.viewedCategoryCounts[min]++;
        }
    }
}
