package io.intentstream.features;

import java.util.List;

/**
 * The fixed, ordered list of features the engine produces. A model bundle records this list and the
 * version; the job refuses a bundle that disagrees with it.
 *
 * <p>Bump {@link #VERSION} whenever the meaning of any feature changes, even if names stay the same.
 */
public final class FeatureSchema {
    /** Version of the feature definitions; part of every model bundle. */
    public static final String VERSION = "session-features-1";

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
            "is_weekend");

    public static final int SIZE = NAMES.size();

    private FeatureSchema() {}

    public static List<String> names() {
        return NAMES;
    }
}
