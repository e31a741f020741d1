package io.intentstream.features;

/**
 * Everything the feature engine remembers about one session, updated event by event.
 *
 * <p>A plain Java class of primitives, strings and primitive arrays. The job writes it to RocksDB with a
 * hand-written serializer that lists every field (a new field must be added there and to {@link #copy}). Its size is bounded by the caps in
 * {@link FeatureConfig} however long the session runs: see docs/features.md.
 */
public class SessionState {
    public String sessionId;
    public String userId;
    public long firstEventTime;
    public long lastEventTime;
    public int eventCount;
    public int viewCount;
    public int cartCount;
    public int removeCount;
    public int purchaseCount;
    /** Event time of the first purchase, or {@link #NO_PURCHASE}. */
    public long firstPurchaseTime = NO_PURCHASE;
    public double cartValue;
    /** Sum of the prices of the session's purchases (its share of the user's spend). */
    public double purchaseValue;
    public double maxViewPrice = Double.NaN;
    public double sumViewPrice;
    public int pricedViewCount;

    /** Hashes of the products seen, with per-product view counts, last view time and net cart adds. */
    public long[] productKeys = EMPTY_LONGS;
    public int[] productViews = EMPTY_INTS;
    public long[] productLastViewTime = EMPTY_LONGS;
    public int[] productNetCarts = EMPTY_INTS;
    public int productCount;

    public long[] categoryKeys = EMPTY_LONGS;
    public int categoryCount;
    public long[] brandKeys = EMPTY_LONGS;
    public int brandCount;

    /** Ring buffer of recent event-id hashes, for duplicate detection. */
    public long[] recentEventIds = EMPTY_LONGS;
    public int recentEventIdCount;
    public int recentEventIdNext;

    /** The propensity emitted for the latest event, and the latest one before the first purchase. */
    public float lastPropensity = Float.NaN;
    public float lastPropensityBeforePurchase = Float.NaN;

    /** Set once the job's bot rule has judged this session automated; its events are no longer scored. */
    public boolean judgedBot;

    /** The user's sessions opened before this one (0 for the first), from {@link UserHistory}. */
    public int sessionIndex;
    /** The user's latest event time when this session opened; {@link UserHistory#NO_TIME} if there was none. */
    public long previousUserEventTime = UserHistory.NO_TIME;
    /** Whether the user's session before this one had converted when this one opened: {@link #YES}, {@link #NO}, {@link #UNKNOWN}. */
    public byte previousSessionConverted = UNKNOWN;

    public static final byte UNKNOWN = -1;
    public static final byte NO = 0;
    public static final byte YES = 1;

    public static final long NO_PURCHASE = Long.MIN_VALUE;
    static final long[] EMPTY_LONGS = new long[0];
    static final int[] EMPTY_INTS = new int[0];

    public SessionState() {}

    public boolean converted() {
        return firstPurchaseTime != NO_PURCHASE;
    }

    /** A deep copy: no array is shared with this session. */
    public SessionState copy() {
        SessionState c = new SessionState();
        c.sessionId = sessionId;
        c.userId = userId;
        c.firstEventTime = firstEventTime;
        c.lastEventTime = lastEventTime;
        c.eventCount = eventCount;
        c.viewCount = viewCount;
        c.cartCount = cartCount;
        c.removeCount = removeCount;
        c.purchaseCount = purchaseCount;
        c.firstPurchaseTime = firstPurchaseTime;
        c.cartValue = cartValue;
        c.purchaseValue = purchaseValue;
        c.maxViewPrice = maxViewPrice;
        c.sumViewPrice = sumViewPrice;
        c.pricedViewCount = pricedViewCount;
        c.productKeys = productKeys.clone();
        c.productViews = productViews.clone();
        c.productLastViewTime = productLastViewTime.clone();
        c.productNetCarts = productNetCarts.clone();
        c.productCount = productCount;
        c.categoryKeys = categoryKeys.clone();
        c.categoryCount = categoryCount;
        c.brandKeys = brandKeys.clone();
        c.brandCount = brandCount;
        c.recentEventIds = recentEventIds.clone();
        c.recentEventIdCount = recentEventIdCount;
        c.recentEventIdNext = recentEventIdNext;
        c.lastPropensity = lastPropensity;
        c.lastPropensityBeforePurchase = lastPropensityBeforePurchase;
        c.judgedBot = judgedBot;
        c.sessionIndex = sessionIndex;
        c.previousUserEventTime = previousUserEventTime;
        c.previousSessionConverted = previousSessionConverted;
        return c;
    }
}
