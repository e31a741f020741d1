package io.intentstream.features;

/**
 * What the feature engine remembers about one user across sessions: counts and sums over the user's applied
 * events, the times of the last event and purchase, exponentially decayed session and conversion counts, and
 * small bounded tables of products and categories. Updated by {@link UserHistoryFeatures} event by event, kept
 * next to the user's open sessions (in the job's per-user state value), and forgotten after
 * {@link FeatureConfig#userHistoryTtlMillis()} without an event of the user.
 *
 * <p>Like {@link SessionState}, a plain class of primitives and primitive arrays; the job's serializer lists every
 * field (a new field must be added there and to {@link #copy}). Its size is bounded by the caps below: see
 * docs/features.md.
 */
public class UserHistory {
    /** Products bought, products carted and categories bought: the most recent ones, at most this many each. */
    public static final int MAX_RECENT_PRODUCTS = 32;
    public static final int MAX_RECENT_CATEGORIES = 16;
    /** Categories viewed, with view counts: the most viewed ones (approximately, a space-saving sketch). */
    public static final int MAX_VIEWED_CATEGORIES = 16;
    public static final long NO_TIME = Long.MIN_VALUE;

    /** Sessions started, sessions with a cart, sessions with a purchase (each counted once, when it first happens). */
    public int sessionsStarted;
    public int cartSessions;
    public int convertedSessions;
    /** Purchase events, and the sum of their prices (purchases without a price add nothing). */
    public int purchases;
    public double spend;
    /** The latest event time applied, and the latest purchase's; {@link #NO_TIME} before the first. */
    public long lastEventTime = NO_TIME;
    public long lastPurchaseTime = NO_TIME;
    /** Whether the latest session started has a purchase. */
    public boolean latestSessionConverted;
    /** Sessions started and sessions converted, each weighted by 2^(-age / half-life), as of {@link #decayedAt}. */
    public double decayedSessions;
    public double decayedConversions;
    public long decayedAt = NO_TIME;

    /** Rings of 64-bit hashes, most recent last written at {@code *Next - 1}. */
    public long[] boughtProducts = SessionState.EMPTY_LONGS;
    public int boughtProductCount;
    public int boughtProductNext;
    public long[] cartedProducts = SessionState.EMPTY_LONGS;
    public int cartedProductCount;
    public int cartedProductNext;
    public long[] boughtCategories = SessionState.EMPTY_LONGS;
    public int boughtCategoryCount;
    public int boughtCategoryNext;
    /** Space-saving sketch of viewed categories: keys and (over-)counts. */
    public long[] viewedCategoryKeys = SessionState.EMPTY_LONGS;
    public int[] viewedCategoryCounts = SessionState.EMPTY_INTS;
    public int viewedCategoryCount;

    public UserHistory() {}

    /** No event of the user has been applied (or the history was forgotten). */
    public boolean isEmpty() {
        return lastEventTime == NO_TIME;
    }

    /** The event time at which this history is forgotten unless the user comes back. */
    public long expiresAt(long ttlMillis) {
        return lastEventTime + ttlMillis;
    }

    /** A deep copy: no array is shared with this history. */
    public UserHistory copy() {
        UserHistory c = new UserHistory();
        c.sessionsStarted = sessionsStarted;
        c.cartSessions = cartSessions;
        c.convertedSessions = convertedSessions;
        c.purchases = purchases;
        c.spend = spend;
        c.lastEventTime = lastEventTime;
        c.lastPurchaseTime = lastPurchaseTime;
        c.latestSessionConverted = latestSessionConverted;
        c.decayedSessions = decayedSessions;
        c.decayedConversions = decayedConversions;
        c.decayedAt = decayedAt;
        c.boughtProducts = boughtProducts.clone();
        c.boughtProductCount = boughtProductCount;
        c.boughtProductNext = boughtProductNext;
        c.cartedProducts = cartedProducts.clone();
        c.cartedProductCount = cartedProductCount;
        c.cartedProductNext = cartedProductNext;
        c.boughtCategories = boughtCategories.clone();
        c.boughtCategoryCount = boughtCategoryCount;
        c.boughtCategoryNext = boughtCategoryNext;
        c.viewedCategoryKeys = viewedCategoryKeys.clone();
        c.viewedCategoryCounts = viewedCategoryCounts.clone();
        c.viewedCategoryCount = viewedCategoryCount;
        return c;
    }
}
