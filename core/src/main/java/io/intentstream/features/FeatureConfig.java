package io.intentstream.features;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings that change feature values. They travel inside the model bundle so that the job computes
 * features exactly as the trainer did; a job never picks them on its own.
 */
public final class FeatureConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final long DEFAULT_SESSION_TIMEOUT_MILLIS = 24 * 60 * 60 * 1000L;
    public static final int DEFAULT_MAX_TRACKED_PRODUCTS = 128;
    public static final int DEFAULT_MAX_TRACKED_CATEGORIES = 64;
    public static final int DEFAULT_MAX_TRACKED_BRANDS = 64;
    public static final int DEFAULT_DEDUP_WINDOW = 256;
    public static final long DEFAULT_USER_HISTORY_TTL_MILLIS = 90 * 24 * 60 * 60 * 1000L;

    private final String timeZone;
    private final long sessionTimeoutMillis;
    private final int maxTrackedProducts;
    private final int maxTrackedCategories;
    private final int maxTrackedBrands;
    private final int dedupWindow;
    private final long userHistoryTtlMillis;

    public FeatureConfig(
            String timeZone,
            long sessionTimeoutMillis,
            int maxTrackedProducts,
            int maxTrackedCategories,
            int maxTrackedBrands,
            int dedupWindow) {
        this(timeZone, sessionTimeoutMillis, maxTrackedProducts, maxTrackedCategories, maxTrackedBrands, dedupWindow,
                DEFAULT_USER_HISTORY_TTL_MILLIS);
    }

    public FeatureConfig(
            String timeZone,
            long sessionTimeoutMillis,
            int maxTrackedProducts,
            int maxTrackedCategories,
            int maxTrackedBrands,
            int dedupWindow,
            long userHistoryTtlMillis) {
        ZoneId.of(timeZone); // fail fast on a bad zone id
        if (sessionTimeoutMillis <= 0 || maxTrackedProducts <= 0 || maxTrackedCategories <= 0
                || maxTrackedBrands <= 0 || dedupWindow <= 0) {
            throw new IllegalArgumentException("feature limits and the session timeout must be positive");
        }
        if (userHistoryTtlMillis < sessionTimeoutMillis) {
            throw new IllegalArgumentException("the user history TTL (" + userHistoryTtlMillis + " ms) must be at least the "
                    + "session timeout (" + sessionTimeoutMillis + " ms): a user's history outlives the user's sessions");
        }
        this.userHistoryTtlMillis = userHistoryTtlMillis;
        this.timeZone = timeZone;
        this.sessionTimeoutMillis = sessionTimeoutMillis;
        this.maxTrackedProducts = maxTrackedProducts;
        this.maxTrackedCategories = maxTrackedCategories;
        this.maxTrackedBrands = maxTrackedBrands;
        this.dedupWindow = dedupWindow;
    }

    public static FeatureConfig defaults() {
        return withTimeZone("UTC");
    }

    public static FeatureConfig withTimeZone(String zone) {
        return new FeatureConfig(
                zone,
                DEFAULT_SESSION_TIMEOUT_MILLIS,
                DEFAULT_MAX_TRACKED_PRODUCTS,
                DEFAULT_MAX_TRACKED_CATEGORIES,
                DEFAULT_MAX_TRACKED_BRANDS,
                DEFAULT_DEDUP_WINDOW);
    }

    public FeatureConfig withSessionTimeoutMillis(long millis) {
        return new FeatureConfig(timeZone, millis, maxTrackedProducts, maxTrackedCategories, maxTrackedBrands, dedupWindow,
                Math.max(millis, userHistoryTtlMillis));
    }

    public FeatureConfig withUserHistoryTtlMillis(long millis) {
        return new FeatureConfig(timeZone, sessionTimeoutMillis, maxTrackedProducts, maxTrackedCategories, maxTrackedBrands,
                dedupWindow, millis);
    }

    /** IANA zone for the calendar features (hour of day, day of week, weekend). */
    public String timeZone() {
        return timeZone;
    }

    /** A session closes after this much event time without an event; a later event starts a new one. */
    public long sessionTimeoutMillis() {
        return sessionTimeoutMillis;
    }

    public int maxTrackedProducts() {
        return maxTrackedProducts;
    }

    public int maxTrackedCategories() {
        return maxTrackedCategories;
    }

    public int maxTrackedBrands() {
        return maxTrackedBrands;
    }

    /** How many recent event ids per session are remembered to drop duplicates. */
    public int dedupWindow() {
        return dedupWindow;
    }

    /** A user's history is forgotten after this much event time without an event of the user. */
    public long userHistoryTtlMillis() {
        return userHistoryTtlMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FeatureConfig)) {
            return false;
        }
        FeatureConfig c = (FeatureConfig) o;
        return timeZone.equals(c.timeZone)
                && sessionTimeoutMillis == c.sessionTimeoutMillis
                && maxTrackedProducts == c.maxTrackedProducts
                && maxTrackedCategories == c.maxTrackedCategories
                && maxTrackedBrands == c.maxTrackedBrands
                && dedupWindow == c.dedupWindow
                && userHistoryTtlMillis == c.userHistoryTtlMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeZone, sessionTimeoutMillis, maxTrackedProducts, maxTrackedCategories, maxTrackedBrands, dedupWindow,
                userHistoryTtlMillis);
    }

    @Override
    public String toString() {
        return "FeatureConfig{timeZone=" + timeZone + ", sessionTimeoutMillis=" + sessionTimeoutMillis
                + ", maxTrackedProducts=" + maxTrackedProducts + ", maxTrackedCategories=" + maxTrackedCategories
                + ", maxTrackedBrands=" + maxTrackedBrands + ", dedupWindow=" + dedupWindow
                + ", userHistoryTtlMillis=" + userHistoryTtlMillis + '}';
    }
}
