package io.intentstream.online;

import io.intentstream.events.EventType;

/**
 * The Redis layout of the online store, shared by its writer (the job's Redis sink) and its reader (the lookup API):
 * one hash per user, {@code intentstream:user:<user id>}, whose fields fall into guarded groups (docs/serving.md).
 *
 * <p>A group is the latest session score with the feature vector it was computed from ({@link #SCORE}), or one
 * user-level target's latest prediction ({@link #userTarget}). Each group records the event it came from
 * ({@code <group>.event_time}, {@code <group>.event_rank}, {@code <group>.event_id}) and is replaced only by a
 * strictly later event in {@link io.intentstream.events.EventOrder}, so replays and duplicates change nothing.
 */
public final class OnlineStoreLayout {
    public static final String KEY_PREFIX = "intentstream:user:";

    /** The group of the latest session score and the user's feature vector as of that event. */
    public static final String SCORE = "score";
    /** Prefix of the user-level groups, one per target: {@code user.repeat-purchase}. */
    public static final String USER_TARGET_PREFIX = "user.";
    /** Prefix of the feature fields, followed by a FeatureSchema name: {@code feature.cart_count}. */
    public static final String FEATURE_PREFIX = "feature.";

    public static final String EVENT_TIME = "event_time";
    public static final String EVENT_RANK = "event_rank";
    public static final String EVENT_ID = "event_id";
    public static final String EVENT_TYPE = "event_type";
    public static final String SESSION_ID = "session_id";
    public static final String MODEL_VERSION = "model_version";
    public static final String ARM = "arm";
    public static final String PROPENSITY = "propensity";
    public static final String VALUE = "value";

    private OnlineStoreLayout() {}

    public static String userKey(String userId) {
        return KEY_PREFIX + userId;
    }

    /** The group of a user-level target, e.g. {@code user.next-purchase-days}. */
    public static String userTarget(String target) {
        return USER_TARGET_PREFIX + target;
    }

    /** The hash field of {@code name} in {@code group}: {@code score.propensity}. */
    public static String field(String group, String name) {
        return group + '.' + name;
    }

    public static String featureField(String featureName) {
        return FEATURE_PREFIX + featureName;
    }

    /**
     * The middle term of the order (event time, type, id): a user's events with the same time apply in the funnel's
     * order, as in {@link io.intentstream.events.EventOrder}; user-level predictions are made at purchases.
     */
    public static int rank(EventType type) {
        return type.ordinal();
    }
}
