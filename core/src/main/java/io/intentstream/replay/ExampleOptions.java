package io.intentstream.replay;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.events.ApplyOrder;
import io.intentstream.features.FeatureConfig;
import java.time.Duration;

/**
 * The options that decide which examples a history gives, declared once for the trainer ({@code train}) and the
 * backfill job ({@code backfill}), so the same flags mean the same thing in both.
 */
public final class ExampleOptions {
    private ExampleOptions() {}

    public static final Option<ApplyOrder> APPLY_ORDER = Option.choice("apply-order", ApplyOrder.EVENT_TIME, ApplyOrder.class,
            "order of each user's events in the replay: event-time (sorted, as the job's --apply-order event-time) or "
                    + "arrival (the input's line order, as the job's default --apply-order arrival sees a topic in that order)");
    public static final Option<String> TIME_ZONE = Option.string("time-zone", "UTC", "IANA zone for hour-of-day/day-of-week features");
    public static final Option<Duration> SESSION_TIMEOUT = Option.duration("session-timeout",
            Duration.ofMillis(FeatureConfig.DEFAULT_SESSION_TIMEOUT_MILLIS), "inactivity after which a session ends");
    public static final Option<Duration> USER_HISTORY_TTL = Option.duration("user-history-ttl",
            Duration.ofMillis(FeatureConfig.DEFAULT_USER_HISTORY_TTL_MILLIS),
            "a user's history is forgotten after this much event time without an event of the user (docs/features.md)");
    public static final Option<Double> CUTOFF_QUANTILE = Option.decimal("cutoff-quantile", 0.8,
            "share of sessions (by start time) before the train/test cutoff");
    public static final Option<Double> VALIDATION_FRACTION = Option.decimal("validation-fraction", 0.15,
            "latest-starting share of train sessions used for early stopping");

    /** The feature engine's settings that the options give. */
    public static FeatureConfig featureConfig(Options.Values o) {
        return FeatureConfig.withTimeZone(o.get(TIME_ZONE))
                .withSessionTimeoutMillis(o.get(SESSION_TIMEOUT).toMillis())
                .withUserHistoryTtlMillis(o.get(USER_HISTORY_TTL).toMillis());
    }
}
