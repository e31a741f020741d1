package io.intentstream.generator;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every option that shapes the generated content, with its default and meaning: the one place the
 * generator's parameters and defaults are declared. {@code generate} and {@code calibrate} offer them
 * on the command line; {@link GeneratorConfig#from} turns parsed values into the configuration records.
 * Tests and benchmarks configure the same way: {@code GeneratorConfig.from(defaults().with(USERS, 50_000))}.
 */
public final class GeneratorOptions {
    private GeneratorOptions() {}

    public static final Option<Long> SEED = Option.longValue("seed", 42L,
            "random seed; the same seed and options give byte-identical output");
    public static final Option<Integer> USERS = Option.integer("users", 100_000,
            "size of the user population (users return across days)");
    public static final Option<Instant> START = Option.instant("start", Instant.parse("2019-10-01T00:00:00Z"),
            "start of the time span (ISO instant, or a date meaning midnight UTC)");
    public static final Option<Double> DAYS = Option.decimal("days", 1.0,
            "length of the time span in days (fractions allowed)");
    public static final Option<Duration> DURATION = Option.duration("duration", null,
            "length of the time span as 2h50m, 36h, 7d or PT2H50M (overrides --days)");
    public static final Option<Long> MAX_EVENTS = Option.longValue("max-events", 0L,
            "stop after this many distinct events (duplicates and malformed lines come on top); 0 = no limit."
                    + " Sessions still open are cut and marked truncated in the ground truth");
    public static final Option<Double> SESSIONS_PER_USER_PER_DAY = Option.decimal("sessions-per-user-per-day", 0.3,
            "mean sessions a user starts per day (seasonality shapes when)");
    public static final Option<Double> USER_ACTIVITY_SPREAD = Option.decimal("user-activity-spread", 1.0,
            "log-normal spread of activity between users (0 = all equally active)");
    public static final Option<String> ZONE = Option.string("zone", "UTC",
            "time zone of the daily and weekly traffic shape (e.g. Europe/Berlin)");
    public static final Option<Double> SEASONALITY = Option.decimal("seasonality", 1.0,
            "strength of time-of-day and day-of-week traffic variation, 0..1 (0 = flat)");
    public static final Option<Long> CATALOG_SEED = Option.longValue("catalog-seed", 1L,
            "seed of the product catalog, kept apart from --seed so runs with different seeds share a shop");
    public static final Option<Integer> PRODUCTS = Option.integer("products", 50_000, "number of products in the catalog");

    public static final Option<Double> MISSION_SHARE = Option.decimal("mission-share", 0.034,
            "share of sessions that are purchase missions rather than browsing, for an average user and context;"
                    + " raises or lowers conversion");
    public static final Option<Double> MISSION_INTENT = Option.decimal("mission-intent", 0.0,
            "mean log-odds of purchase of a mission session");
    public static final Option<Double> BROWSE_INTENT = Option.decimal("browse-intent", -6.0,
            "mean log-odds of purchase of a browsing session");
    public static final Option<Double> USER_PROPENSITY_SPREAD = Option.decimal("user-propensity-spread", 1.2,
            "spread (log-odds) of the persistent per-user chance of being on a mission: what user history can learn");
    public static final Option<Double> SESSION_INTENT_SPREAD = Option.decimal("session-intent-spread", 1.0,
            "spread (log-odds) of a session's intent around its mission or browsing mean");
    public static final Option<Double> CART_PROPENSITY = Option.decimal("cart-propensity", 0.6,
            "a session adds to cart with probability min(0.95, K * intent)");
    public static final Option<Double> REMOVE_PROBABILITY = Option.decimal("remove-probability", 0.1,
            "chance that a cart add is later removed from the cart");
    public static final Option<Double> REPEAT_VIEW_PROBABILITY = Option.decimal("repeat-view-probability", 0.40,
            "base chance that a view revisits a product seen earlier in the session (rises with intent)");
    public static final Option<Double> CATEGORY_SWITCH_PROBABILITY = Option.decimal("category-switch-probability", 0.18,
            "base chance that a new product comes from another category (falls with intent)");
    public static final Option<Duration> VIEW_GAP_MEDIAN = Option.duration("view-gap-median", Duration.ofSeconds(32),
            "median time between two views of a session");
    public static final Option<Double> MOBILE_SHARE = Option.decimal("mobile-share", 0.6,
            "share of sessions on mobile (the rest: 80% desktop, 20% tablet)");

    public static final Option<Double> BOT_RATE = Option.decimal("bot-rate", 0.0005,
            "share of sessions that are bots: hundreds of fast views, never a cart or purchase");
    public static final Option<Double> DUPLICATE_RATE = Option.decimal("duplicate-rate", 0.0,
            "chance an event's line is written twice in a row, byte for byte");
    public static final Option<Double> OUT_OF_ORDER_RATE = Option.decimal("out-of-order-rate", 0.0,
            "chance an event is held back by up to --disorder-bound (arrives after later events)");
    public static final Option<Duration> DISORDER_BOUND = Option.duration("disorder-bound", Duration.ofSeconds(5),
            "the most an out-of-order event lags the newest event before it (set your watermark bound to it)");
    public static final Option<Double> LATE_RATE = Option.decimal("late-rate", 0.0,
            "chance an event is held back by more than --disorder-bound (a late event)");
    public static final Option<Duration> LATE_MAX_DELAY = Option.duration("late-max-delay", Duration.ofMinutes(2),
            "late events are held back uniformly between the disorder bound and this");
    public static final Option<Double> MALFORMED_RATE = Option.decimal("malformed-rate", 0.0,
            "chance a broken copy of an event follows it (an extra line the parser must reject)");
    public static final Option<String> MALFORMED_KINDS = Option.string("malformed-kinds", "all",
            "comma-separated kinds drawn with equal chance: invalid_syntax, missing_field, unknown_event_type,"
                    + " negative_price, non_numeric_price, impossible_timestamp, out_of_range_timestamp (or all)");

    public static final Option<Instant> DRIFT_AT = Option.instant("drift-at", null,
            "sessions starting at or after this instant follow the shifted distributions (no drift unless given)");
    public static final Option<Double> DRIFT_INTENT_SHIFT = Option.decimal("drift-intent-shift", -0.7,
            "added to the mission log-odds of every drifted session (negative: fewer purchases)");
    public static final Option<Double> DRIFT_PRICE_FACTOR = Option.decimal("drift-price-factor", 1.25,
            "prices seen in drifted sessions are multiplied by this");
    public static final Option<Double> DRIFT_MOBILE_SHARE = Option.decimal("drift-mobile-share", 0.8,
            "share of mobile sessions after the drift");

    public static final Option<OutputFormat> FORMAT = Option.choice("format", OutputFormat.JSON, OutputFormat.class,
            "JSON lines in our event contract, or the REES46 CSV layout (no event id, device or channel)");
    public static final Option<TimeFormat> TIME_FORMAT = Option.choice("time-format", TimeFormat.ISO, TimeFormat.class,
            "how JSON writes event_time");

    /** The time span and layout; {@code calibrate} takes them from the REES46 extract instead. */
    static final List<Option<?>> SPAN_AND_LAYOUT = List.of(START, DAYS, DURATION, MAX_EVENTS, FORMAT, TIME_FORMAT);

    /** Every content option, in the order of docs/generator.md. */
    static final List<Option<?>> ALL = List.of(SEED, USERS, START, DAYS, DURATION, MAX_EVENTS, SESSIONS_PER_USER_PER_DAY,
            USER_ACTIVITY_SPREAD, ZONE, SEASONALITY, CATALOG_SEED, PRODUCTS,
            MISSION_SHARE, MISSION_INTENT, BROWSE_INTENT, USER_PROPENSITY_SPREAD, SESSION_INTENT_SPREAD, CART_PROPENSITY,
            REMOVE_PROBABILITY, REPEAT_VIEW_PROBABILITY, CATEGORY_SWITCH_PROBABILITY, VIEW_GAP_MEDIAN, MOBILE_SHARE,
            BOT_RATE, DUPLICATE_RATE, OUT_OF_ORDER_RATE, DISORDER_BOUND, LATE_RATE, LATE_MAX_DELAY, MALFORMED_RATE,
            MALFORMED_KINDS,
            DRIFT_AT, DRIFT_INTENT_SHIFT, DRIFT_PRICE_FACTOR, DRIFT_MOBILE_SHARE,
            FORMAT, TIME_FORMAT);

    /** Values with every option at its default; change some with {@link Options.Values#with}. */
    public static Options.Values defaults() {
        return new Options("defaults", "").parse(new String[0]);
    }
}
