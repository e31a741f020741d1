package io.intentstream.features;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fixed, ordered list of features the engine produces, and the versions of it a bundle may name. A model
 * bundle records its version and its list; the job refuses a bundle that disagrees with both.
 *
 * <p>Each version extends the one before: {@value #SESSION_VERSION} is the session features, {@value #VERSION}
 * appends the user's history and the event's context. So the engine always computes the newest vector, and a
 * bundle of an older version reads its prefix. Bump the version whenever the meaning of any feature changes,
 * even if names stay the same.
 */
public final class FeatureSchema {
    /** Version of the feature definitions the engine computes; part of every model bundle trained now. */
    public static final String VERSION = "user-features-2";
    /** The session features alone, the first version; bundles of it still load and score. */
    public static final String SESSION_VERSION = "session-features-1";

    public static final int EVENT_COUNT = 0;
    public static final int VIEW_COUNT = 1;
    public static final int CART_COUNT = 2;
    public static final int REMOVE_COUNT = 3;
    public static final int DISTINCT_PRODUCTS = 4;
    public static final int DISTINCT_CATEGORIES = 5;
    public static final int DISTINCT_BRANDS = 6;
    public static final int SESSION_AGE_S = 7;
    public static final int SECS_SINCE_PREV_EVENT = 8;
    public static final int MEAN_GAP_S = 9;
    public static final int CART_TO_VIEW_RATIO = 10;
    public static final int CART_VALUE = 11;
    public static final int MAX_VIEW_PRICE = 12;
    public static final int MEAN_VIEW_PRICE = 13;
    public static final int PRICE = 14;
    public static final int PRICE_VS_MEAN_VIEW_PRICE = 15;
    public static final int IS_VIEW = 16;
    public static final int IS_CART = 17;
    public static final int IS_REMOVE_FROM_CART = 18;
    public static final int IS_PURCHASE = 19;
    public static final int PRODUCT_VIEWS = 20;
    public static final int SECS_SINCE_PRODUCT_LAST_VIEWED = 21;
    public static final int PRODUCT_IN_CART = 22;
    public static final int HOUR_OF_DAY = 23;
    public static final int DAY_OF_WEEK = 24;
    public static final int IS_WEEKEND = 25;
    // The user's history, from the user's events applied before this one (docs/features.md).
    public static final int USER_PREV_SESSIONS = 26;
    public static final int USER_PREV_CART_SESSIONS = 27;
    public static final int USER_PREV_CONVERTED_SESSIONS = 28;
    public static final int USER_CONVERSION_RATE = 29;
    public static final int USER_PREV_PURCHASES = 30;
    public static final int USER_PREV_SPEND = 31;
    public static final int DAYS_SINCE_LAST_PURCHASE = 32;
    public static final int DAYS_SINCE_PREV_SESSION = 33;
    public static final int USER_DECAYED_SESSIONS = 34;
    public static final int USER_DECAYED_CONVERSIONS = 35;
    public static final int PRODUCT_BOUGHT_BEFORE = 36;
    public static final int PRODUCT_CARTED_BEFORE = 37;
    public static final int CATEGORY_BOUGHT_BEFORE = 38;
    public static final int CATEGORY_VIEWS_BEFORE = 39;
    public static final int PREV_SESSION_CONVERTED = 40;
    // The event's context.
    public static final int DEVICE_TYPE = 41;
    public static final int CHANNEL = 42;

    private static final List<String> NAMES = List.of(
            "event_count",
            "view_count",
            "cart_count",
            "remove_count",
            "distinct_products",
            "distinct_categories",
            "distinct_brands",
            "session_age_s",
            "secs_since_prev_event",
            "mean_gap_s",
            "cart_to_view_ratio",
            "cart_value",
            "max_view_price",
            "mean_view_price",
            "price",
            "price_vs_mean_view_price",
            "is_view",
            "is_cart",
            "is_remove_from_cart",
            "is_purchase",
            "product_views",
            "secs_since_product_last_viewed",
            "product_in_cart",
            "hour_of_day",
            "day_of_week",
            "is_weekend",
            "user_prev_sessions",
            "user_prev_cart_sessions",
            "user_prev_converted_sessions",
            "user_conversion_rate",
            "user_prev_purchases",
            "user_prev_spend",
            "days_since_last_purchase",
            "days_since_prev_session",
            "user_decayed_sessions",
            "user_decayed_conversions",
            "product_bought_before",
            "product_carted_before",
            "category_bought_before",
            "category_views_before",
            "prev_session_converted",
            "device_type",
            "channel");

    public static final int SIZE = NAMES.size();
    /** How many features {@value #SESSION_VERSION} has: the first ones of every later version. */
    public static final int SESSION_SIZE = IS_WEEKEND + 1;

    private static final Map<String, List<String>> VERSIONS = Map.of(
            SESSION_VERSION, NAMES.subList(0, SESSION_SIZE),
            VERSION, NAMES);

    private FeatureSchema() {}

    /** The features the engine computes, in order: those of {@link #VERSION}. */
    public static List<String> names() {
        return NAMES;
    }

    /** The features of a version, a prefix of {@link #names()}; empty for a version this engine does not know. */
    public static Optional<List<String>> names(String version) {
        return Optional.ofNullable(version == null ? null : VERSIONS.get(version));
    }

    /** Every version a bundle may name, oldest first. */
    public static List<String> versions() {
        return List.of(SESSION_VERSION, VERSION);
    }
}
