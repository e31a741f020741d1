package io.intentstream.features;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import io.intentstream.events.Hashing;
import java.util.Arrays;

/**
 * The one definition of the features, shared by the Flink job and the trainer's replay.
 *
 * <p>{@link #apply} folds one event into a {@link SessionState} and the user's {@link UserHistory} and writes the
 * feature vector as of that event: it reads only the state (built from the user's earlier events) and the event
 * itself, so a feature at event k never depends on events after k. Session features include the event itself;
 * history features ({@link UserHistoryFeatures}) are those of the user's events before it. Feature meanings are in
 * docs/features.md.
 *
 * <p>Not thread-safe (it caches time-zone offsets); use one instance per thread or Flink subtask.
 */
public final class SessionFeatureEngine {
    private static final float MISSING = Float.NaN;

    private final FeatureConfig config;
    private final CalendarClock clock;

    public SessionFeatureEngine(FeatureConfig config) {
        this.config = config;
        this.clock = new CalendarClock(config.timeZone());
    }

    public FeatureConfig config() {
        return config;
    }

    /** A fresh state for the session this event opens, counted in the user's history. */
    public SessionState newSession(UserHistory history, ClickEvent first) {
        SessionState s = new SessionState();
        s.sessionId = first.sessionId;
        s.userId = first.userId;
        s.firstEventTime = first.eventTime;
        s.lastEventTime = first.eventTime;
        UserHistoryFeatures.sessionOpened(history, s, first.eventTime);
        return s;
    }

    /** Whether an event at {@code eventTime} comes after the user's history has expired (it is then forgotten first). */
    public boolean isHistoryExpired(UserHistory history, long eventTime) {
        return !history.isEmpty() && eventTime - history.lastEventTime >= config.userHistoryTtlMillis();
    }

    /** The event time at which an idle user's history is forgotten. */
    public long historyExpiry(UserHistory history) {
        return history.expiresAt(config.userHistoryTtlMillis());
    }

    /** The event time at which the history of a user whose latest event was at {@code lastEventTime} is forgotten. */
    public long historyExpiry(long lastEventTime) {
        return lastEventTime + config.userHistoryTtlMillis();
    }

    /** Whether an event at {@code eventTime} comes after the session has timed out (it then opens a new one). */
    public boolean isExpired(SessionState s, long eventTime) {
        return eventTime - s.lastEventTime >= config.sessionTimeoutMillis();
    }

    /** The event time at which an idle session closes. */
    public long closeTime(SessionState s) {
        return closeTime(s.lastEventTime);
    }

    /** The event time at which a session whose last event was at {@code lastEventTime} closes if idle. */
    public long closeTime(long lastEventTime) {
        return lastEventTime + config.sessionTimeoutMillis();
    }

    /**
     * Whether this event id was already applied to the session (among the last {@link FeatureConfig#dedupWindow()} events).
     * Does not record the id: {@link #apply} does.
     */
    public boolean isDuplicate(SessionState s, ClickEvent e) {
        long key = Hashing.hash64(e.eventId);
        long[] ids = s.recentEventIds;
        for (int i = 0; i < s.recentEventIdCount; i++) {
            if (ids[i] == key) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies an event of the user whose history is {@code history} to its session and writes the features as of
     * this event.
     *
     * @param out array of at least {@link FeatureSchema#SIZE} floats; NaN marks a missing value
     */
    public void apply(UserHistory history, SessionState s, ClickEvent e, float[] out) {
        final long t = e.eventTime;
        final boolean hasProduct = e.productId != null;
        final long productKey = hasProduct ? Hashing.hash64(e.productId) : 0L;
        final boolean hasCategory = e.categoryId != null;
        final long categoryKey = hasCategory ? Hashing.hash64(e.categoryId) : 0L;
        UserHistoryFeatures.write(history, s, e, hasProduct, productKey, hasCategory, categoryKey, out);
        final boolean first = s.eventCount == 0;
        // Applied in time order (the replay, the job's event-time mode) the max and min below change nothing. An
        // event that arrives behind a later one (the job's arrival mode) does not move the session's span back,
        // and its gaps count as zero rather than negative.
        final double secsSincePrev = first ? Double.NaN : Math.max(0L, t - s.lastEventTime) / 1000.0;

        rememberEventId(s, e.eventId);
        s.firstEventTime = first ? t : Math.min(s.firstEventTime, t);
        s.lastEventTime = Math.max(s.lastEventTime, t);
        s.eventCount++;

        int product = -1;
        double secsSinceProductViewed = Double.NaN;
        if (hasProduct) {
            product = trackProduct(s, productKey);
            if (product >= 0 && s.productViews[product] > 0) {
                secsSinceProductViewed = Math.max(0L, t - s.productLastViewTime[product]) / 1000.0;
            }
        }
        if (hasCategory) {
            if (s.categoryCount < config.maxTrackedCategories() && !contains(s.categoryKeys, s.categoryCount, categoryKey)) {
                s.categoryKeys = append(s.categoryKeys, s.categoryCount++, categoryKey, config.maxTrackedCategories());
            }
        }
        if (e.brand != null) {
            long key = Hashing.hash64(e.brand);
            if (s.brandCount < config.maxTrackedBrands() && !contains(s.brandKeys, s.brandCount, key)) {
                s.brandKeys = append(s.brandKeys, s.brandCount++, key, config.maxTrackedBrands());
            }
        }

        double price = e.price;
        switch (e.eventType) {
            case VIEW:
                s.viewCount++;
                if (!Double.isNaN(price)) {
                    s.sumViewPrice += price;
                    s.pricedViewCount++;
                    s.maxViewPrice = Double.isNaN(s.maxViewPrice) ? price : Math.max(s.maxViewPrice, price);
                }
                if (product >= 0) {
                    s.productViews[product]++;
                    s.productLastViewTime[product] = Math.max(s.productLastViewTime[product], t);
                }
                break;
            case CART:
                s.cartCount++;
                if (!Double.isNaN(price)) {
                    s.cartValue += price;
                }
                if (product >= 0) {
                    s.productNetCarts[product]++;
                }
                break;
            case REMOVE_FROM_CART:
                s.removeCount++;
                if (!Double.isNaN(price)) {
                    s.cartValue = Math.max(0.0, s.cartValue - price);
                }
                if (product >= 0 && s.productNetCarts[product] > 0) {
                    s.productNetCarts[product]--;
                }
                break;
            case PURCHASE:
                s.purchaseCount++;
                if (!Double.isNaN(price)) {
                    s.purchaseValue += price;
                }
                if (s.firstPurchaseTime == SessionState.NO_PURCHASE || t < s.firstPurchaseTime) {
                    s.firstPurchaseTime = t;
                }
                break;
            default:
                throw new IllegalStateException("unhandled event type " + e.eventType);
        }

        double meanViewPrice = s.pricedViewCount == 0 ? Double.NaN : s.sumViewPrice / s.pricedViewCount;
        double ageSecs = Math.max(0L, t - s.firstEventTime) / 1000.0;

        out[FeatureSchema.EVENT_COUNT] = s.eventCount;
        out[FeatureSchema.VIEW_COUNT] = s.viewCount;
        out[FeatureSchema.CART_COUNT] = s.cartCount;
        out[FeatureSchema.REMOVE_COUNT] = s.removeCount;
        out[FeatureSchema.DISTINCT_PRODUCTS] = s.productCount;
        out[FeatureSchema.DISTINCT_CATEGORIES] = s.categoryCount;
        out[FeatureSchema.DISTINCT_BRANDS] = s.brandCount;
        out[FeatureSchema.SESSION_AGE_S] = (float) ageSecs;
        out[FeatureSchema.SECS_SINCE_PREV_EVENT] = (float) secsSincePrev;
        out[FeatureSchema.MEAN_GAP_S] = s.eventCount < 2 ? MISSING : (float) (ageSecs / (s.eventCount - 1));
        out[FeatureSchema.CART_TO_VIEW_RATIO] = (float) (s.cartCount / (double) Math.max(1, s.viewCount));
        out[FeatureSchema.CART_VALUE] = (float) s.cartValue;
        out[FeatureSchema.MAX_VIEW_PRICE] = (float) s.maxViewPrice;
        out[FeatureSchema.MEAN_VIEW_PRICE] = (float) meanViewPrice;
        out[FeatureSchema.PRICE] = (float) price;
        out[FeatureSchema.PRICE_VS_MEAN_VIEW_PRICE] =
                Double.isNaN(price) || Double.isNaN(meanViewPrice) || meanViewPrice == 0.0 ? MISSING : (float) (price / meanViewPrice);
        out[FeatureSchema.IS_VIEW] = e.eventType == EventType.VIEW ? 1f : 0f;
        out[FeatureSchema.IS_CART] = e.eventType == EventType.CART ? 1f : 0f;
        out[FeatureSchema.IS_REMOVE_FROM_CART] = e.eventType == EventType.REMOVE_FROM_CART ? 1f : 0f;
        out[FeatureSchema.IS_PURCHASE] = e.eventType == EventType.PURCHASE ? 1f : 0f;
        out[FeatureSchema.PRODUCT_VIEWS] = product >= 0 ? s.productViews[product] : MISSING;
        out[FeatureSchema.SECS_SINCE_PRODUCT_LAST_VIEWED] = (float) secsSinceProductViewed;
        out[FeatureSchema.PRODUCT_IN_CART] = product >= 0 ? (s.productNetCarts[product] > 0 ? 1f : 0f) : MISSING;
        int dayOfWeek = clock.dayOfWeek(t);
        out[FeatureSchema.HOUR_OF_DAY] = clock.hourOfDay(t);
        out[FeatureSchema.DAY_OF_WEEK] = dayOfWeek;
        out[FeatureSchema.IS_WEEKEND] = dayOfWeek >= 6 ? 1f : 0f;
        UserHistoryFeatures.record(history, s, e, hasProduct, productKey, hasCategory, categoryKey);
    }

    /** Remembers the id in a ring of the last {@code dedupWindow} ids; the array grows up to that size. */
    private void rememberEventId(SessionState s, String eventId) {
        long key = Hashing.hash64(eventId);
        int window = config.dedupWindow();
        if (s.recentEventIdCount < window) {
            s.recentEventIds = append(s.recentEventIds, s.recentEventIdCount++, key, window);
        } else {
            s.recentEventIds[s.recentEventIdNext] = key;
            s.recentEventIdNext = (s.recentEventIdNext + 1) % window;
        }
    }

    /** Index of the product in the session's table, adding it if there is room; -1 once the table is full. */
    private int trackProduct(SessionState s, long key) {
        long[] keys = s.productKeys;
        for (int i = 0; i < s.productCount; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        if (s.productCount >= config.maxTrackedProducts()) {
            return -1;
        }
        if (s.productCount == keys.length) {
            int size = Math.min(config.maxTrackedProducts(), Math.max(4, keys.length * 2));
            s.productKeys = Arrays.copyOf(s.productKeys, size);
            s.productViews = Arrays.copyOf(s.productViews, size);
            s.productLastViewTime = Arrays.copyOf(s.productLastViewTime, size);
            s.productNetCarts = Arrays.copyOf(s.productNetCarts, size);
        }
        int i = s.productCount++;
        s.productKeys[i] = key;
        return i;
    }

    private static boolean contains(long[] keys, int count, long key) {
        for (int i = 0; i < count; i++) {
            if (keys[i] == key) {
                return true;
            }
        }
        return false;
    }

    /** Writes {@code key} at {@code index}, growing the array (doubling, at most to {@code cap}) when needed. */
    private static long[] append(long[] keys, int index, long key, int cap) {
        long[] target = index < keys.length ? keys : Arrays.copyOf(keys, Math.min(cap, Math.max(4, keys.length * 2)));
        target[index] = key;
        return target;
    }
}
