package io.intentstream.generator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything that determines the generated content: population, time, behaviour, faults and drift.
 *
 * <p>Immutable; build with {@link #builder()}. Two generators built from equal configurations produce
 * byte-identical output. Where lines go (file, directory, stdout) is not part of it. The option
 * descriptions live in {@link GeneratorCli} and docs/generator.md.
 */
public final class GeneratorConfig {
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_USERS = 100_000;
    public static final Instant DEFAULT_START = Instant.parse("2019-10-01T00:00:00Z");
    public static final Duration DEFAULT_DURATION = Duration.ofDays(1);
    public static final double DEFAULT_SESSIONS_PER_USER_PER_DAY = 0.3;
    public static final double DEFAULT_USER_ACTIVITY_SPREAD = 1.0;
    public static final double DEFAULT_SEASONALITY = 1.0;
    public static final long DEFAULT_CATALOG_SEED = 1;
    public static final int DEFAULT_PRODUCTS = 50_000;

    public static final double DEFAULT_MISSION_SHARE = 0.034;
    public static final double DEFAULT_MISSION_INTENT = 0.0;
    public static final double DEFAULT_BROWSE_INTENT = -6.0;
    public static final double DEFAULT_USER_PROPENSITY_SPREAD = 1.2;
    public static final double DEFAULT_SESSION_INTENT_SPREAD = 1.0;
    public static final double DEFAULT_CART_PROPENSITY = 0.6;
    public static final double DEFAULT_REMOVE_PROBABILITY = 0.1;
    public static final double DEFAULT_REPEAT_VIEW_PROBABILITY = 0.40;
    public static final double DEFAULT_CATEGORY_SWITCH_PROBABILITY = 0.18;
    public static final double DEFAULT_VIEW_GAP_MEDIAN_SECONDS = 32;
    public static final double DEFAULT_MOBILE_SHARE = 0.6;

    public static final double DEFAULT_BOT_RATE = 0.0005;
    public static final Duration DEFAULT_DISORDER_BOUND = Duration.ofSeconds(5);
    public static final Duration DEFAULT_LATE_MAX_DELAY = Duration.ofMinutes(2);

    public static final double DEFAULT_DRIFT_INTENT_SHIFT = -0.7;
    public static final double DEFAULT_DRIFT_PRICE_FACTOR = 1.25;
    public static final double DEFAULT_DRIFT_MOBILE_SHARE = 0.8;

    /** How event times are written in JSON. */
    public enum TimeFormat {
        /** {@code 2019-10-01T00:00:00.000Z}. */
        ISO,
        /** Epoch milliseconds as a JSON number. */
        EPOCH_MS
    }

    final long seed;
    final int users;
    final long startMillis;
    final long durationMillis;
    final long maxEvents;
    final double sessionsPerUserPerDay;
    final double userActivitySpread;
    final ZoneId zone;
    final double seasonality;
    final long catalogSeed;
    final int products;

    final double missionShare;
    final double missionIntent;
    final double browseIntent;
    final double userPropensitySpread;
    final double sessionIntentSpread;
    final double cartPropensity;
    final double removeProbability;
    final double repeatViewProbability;
    final double categorySwitchProbability;
    final double viewGapMedianSeconds;
    final double mobileShare;

    final double botRate;
    final double duplicateRate;
    final double outOfOrderRate;
    final long disorderBoundMillis;
    final double lateRate;
    final long lateMaxDelayMillis;
    final double malformedRate;
    final Set<MalformedKind> malformedKinds;

    final boolean driftEnabled;
    final long driftAtMillis;
    final double driftIntentShift;
    final double driftPriceFactor;
    final double driftMobileShare;

    final OutputFormat format;
    final TimeFormat timeFormat;

    private GeneratorConfig(Builder b) {
        seed = b.seed;
        users = b.users;
        startMillis = b.start.toEpochMilli();
        durationMillis = b.duration.toMillis();
        maxEvents = b.maxEvents;
        sessionsPerUserPerDay = b.sessionsPerUserPerDay;
        userActivitySpread = b.userActivitySpread;
        zone = b.zone;
        seasonality = b.seasonality;
        catalogSeed = b.catalogSeed;
        products = b.products;
        missionShare = b.missionShare;
        missionIntent = b.missionIntent;
        browseIntent = b.browseIntent;
        userPropensitySpread = b.userPropensitySpread;
        sessionIntentSpread = b.sessionIntentSpread;
        cartPropensity = b.cartPropensity;
        removeProbability = b.removeProbability;
        repeatViewProbability = b.repeatViewProbability;
        categorySwitchProbability = b.categorySwitchProbability;
        viewGapMedianSeconds = b.viewGapMedianSeconds;
        mobileShare = b.mobileShare;
        botRate = b.botRate;
        duplicateRate = b.duplicateRate;
        outOfOrderRate = b.outOfOrderRate;
        disorderBoundMillis = b.disorderBound.toMillis();
        lateRate = b.lateRate;
        lateMaxDelayMillis = b.lateMaxDelay.toMillis();
        malformedRate = b.malformedRate;
        malformedKinds = Collections.unmodifiableSet(EnumSet.copyOf(b.malformedKinds));
        driftEnabled = b.driftAt != null;
        driftAtMillis = b.driftAt == null ? Long.MAX_VALUE : b.driftAt.toEpochMilli();
        driftIntentShift = b.driftIntentShift;
        driftPriceFactor = b.driftPriceFactor;
        driftMobileShare = b.driftMobileShare;
        format = b.format;
        timeFormat = b.timeFormat;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.seed = seed;
        b.users = users;
        b.start = Instant.ofEpochMilli(startMillis);
        b.duration = Duration.ofMillis(durationMillis);
        b.maxEvents = maxEvents;
        b.sessionsPerUserPerDay = sessionsPerUserPerDay;
        b.userActivitySpread = userActivitySpread;
        b.zone = zone;
        b.seasonality = seasonality;
        b.catalogSeed = catalogSeed;
        b.products = products;
        b.missionShare = missionShare;
        b.missionIntent = missionIntent;
        b.browseIntent = browseIntent;
        b.userPropensitySpread = userPropensitySpread;
        b.sessionIntentSpread = sessionIntentSpread;
        b.cartPropensity = cartPropensity;
        b.removeProbability = removeProbability;
        b.repeatViewProbability = repeatViewProbability;
        b.categorySwitchProbability = categorySwitchProbability;
        b.viewGapMedianSeconds = viewGapMedianSeconds;
        b.mobileShare = mobileShare;
        b.botRate = botRate;
        b.duplicateRate = duplicateRate;
        b.outOfOrderRate = outOfOrderRate;
        b.disorderBound = Duration.ofMillis(disorderBoundMillis);
        b.lateRate = lateRate;
        b.lateMaxDelay = Duration.ofMillis(lateMaxDelayMillis);
        b.malformedRate = malformedRate;
        b.malformedKinds = EnumSet.copyOf(malformedKinds);
        b.driftAt = driftEnabled ? Instant.ofEpochMilli(driftAtMillis) : null;
        b.driftIntentShift = driftIntentShift;
        b.driftPriceFactor = driftPriceFactor;
        b.driftMobileShare = driftMobileShare;
        b.format = format;
        b.timeFormat = timeFormat;
        return b;
    }

    public long seed() {
        return seed;
    }

    public OutputFormat format() {
        return format;
    }

    public Instant start() {
        return Instant.ofEpochMilli(startMillis);
    }

    public Instant end() {
        return Instant.ofEpochMilli(startMillis + durationMillis);
    }

    public long maxEvents() {
        return maxEvents;
    }

    public long disorderBoundMillis() {
        return disorderBoundMillis;
    }

    public double duplicateRate() {
        return duplicateRate;
    }

    public double outOfOrderRate() {
        return outOfOrderRate;
    }

    public double lateRate() {
        return lateRate;
    }

    public double malformedRate() {
        return malformedRate;
    }

    public double botRate() {
        return botRate;
    }

    public Set<MalformedKind> malformedKinds() {
        return malformedKinds;
    }

    /** Every setting by its option name, in a stable order; written into the ground-truth header. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("seed", Long.toString(seed));
        m.put("users", Integer.toString(users));
        m.put("start", start().toString());
        m.put("duration", Duration.ofMillis(durationMillis).toString());
        m.put("max-events", Long.toString(maxEvents));
        m.put("sessions-per-user-per-day", Double.toString(sessionsPerUserPerDay));
        m.put("user-activity-spread", Double.toString(userActivitySpread));
        m.put("zone", zone.getId());
        m.put("seasonality", Double.toString(seasonality));
        m.put("catalog-seed", Long.toString(catalogSeed));
        m.put("products", Integer.toString(products));
        m.put("mission-share", Double.toString(missionShare));
        m.put("mission-intent", Double.toString(missionIntent));
        m.put("browse-intent", Double.toString(browseIntent));
        m.put("user-propensity-spread", Double.toString(userPropensitySpread));
        m.put("session-intent-spread", Double.toString(sessionIntentSpread));
        m.put("cart-propensity", Double.toString(cartPropensity));
        m.put("remove-probability", Double.toString(removeProbability));
        m.put("repeat-view-probability", Double.toString(repeatViewProbability));
        m.put("category-switch-probability", Double.toString(categorySwitchProbability));
        m.put("view-gap-median", Double.toString(viewGapMedianSeconds));
        m.put("mobile-share", Double.toString(mobileShare));
        m.put("bot-rate", Double.toString(botRate));
        m.put("duplicate-rate", Double.toString(duplicateRate));
        m.put("out-of-order-rate", Double.toString(outOfOrderRate));
        m.put("disorder-bound", Duration.ofMillis(disorderBoundMillis).toString());
        m.put("late-rate", Double.toString(lateRate));
        m.put("late-max-delay", Duration.ofMillis(lateMaxDelayMillis).toString());
        m.put("malformed-rate", Double.toString(malformedRate));
        StringBuilder kinds = new StringBuilder();
        for (MalformedKind k : malformedKinds) {
            kinds.append(kinds.length() == 0 ? "" : ",").append(k.optionName());
        }
        m.put("malformed-kinds", kinds.toString());
        m.put("drift-at", driftEnabled ? Instant.ofEpochMilli(driftAtMillis).toString() : "");
        m.put("drift-intent-shift", Double.toString(driftIntentShift));
        m.put("drift-price-factor", Double.toString(driftPriceFactor));
        m.put("drift-mobile-share", Double.toString(driftMobileShare));
        m.put("format", format.optionName());
        m.put("time-format", timeFormat.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        return m;
    }

    /** Fluent builder; {@link #build()} validates every value. */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private int users = DEFAULT_USERS;
        private Instant start = DEFAULT_START;
        private Duration duration = DEFAULT_DURATION;
        private long maxEvents;
        private double sessionsPerUserPerDay = DEFAULT_SESSIONS_PER_USER_PER_DAY;
        private double userActivitySpread = DEFAULT_USER_ACTIVITY_SPREAD;
        private ZoneId zone = ZoneId.of("UTC");
        private double seasonality = DEFAULT_SEASONALITY;
        private long catalogSeed = DEFAULT_CATALOG_SEED;
        private int products = DEFAULT_PRODUCTS;
        private double missionShare = DEFAULT_MISSION_SHARE;
        private double missionIntent = DEFAULT_MISSION_INTENT;
        private double browseIntent = DEFAULT_BROWSE_INTENT;
        private double userPropensitySpread = DEFAULT_USER_PROPENSITY_SPREAD;
        private double sessionIntentSpread = DEFAULT_SESSION_INTENT_SPREAD;
        private double cartPropensity = DEFAULT_CART_PROPENSITY;
        private double removeProbability = DEFAULT_REMOVE_PROBABILITY;
        private double repeatViewProbability = DEFAULT_REPEAT_VIEW_PROBABILITY;
        private double categorySwitchProbability = DEFAULT_CATEGORY_SWITCH_PROBABILITY;
        private double viewGapMedianSeconds = DEFAULT_VIEW_GAP_MEDIAN_SECONDS;
        private double mobileShare = DEFAULT_MOBILE_SHARE;
        private double botRate = DEFAULT_BOT_RATE;
        private double duplicateRate;
        private double outOfOrderRate;
        private Duration disorderBound = DEFAULT_DISORDER_BOUND;
        private double lateRate;
        private Duration lateMaxDelay = DEFAULT_LATE_MAX_DELAY;
        private double malformedRate;
        private Set<MalformedKind> malformedKinds = EnumSet.allOf(MalformedKind.class);
        private Instant driftAt;
        private double driftIntentShift = DEFAULT_DRIFT_INTENT_SHIFT;
        private double driftPriceFactor = DEFAULT_DRIFT_PRICE_FACTOR;
        private double driftMobileShare = DEFAULT_DRIFT_MOBILE_SHARE;
        private OutputFormat format = OutputFormat.JSON;
        private TimeFormat timeFormat = TimeFormat.ISO;

        private Builder() {}

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder users(int v) {
            users = v;
            return this;
        }

        public Builder start(Instant v) {
            start = v;
            return this;
        }

        public Builder duration(Duration v) {
            duration = v;
            return this;
        }

        /** Stops after this many distinct events (duplicates and malformed lines come on top); 0 means no limit. */
        public Builder maxEvents(long v) {
            maxEvents = v;
            return this;
        }

        public Builder sessionsPerUserPerDay(double v) {
            sessionsPerUserPerDay = v;
            return this;
        }

        public Builder userActivitySpread(double v) {
            userActivitySpread = v;
            return this;
        }

        public Builder zone(ZoneId v) {
            zone = v;
            return this;
        }

        public Builder seasonality(double v) {
            seasonality = v;
            return this;
        }

        public Builder catalogSeed(long v) {
            catalogSeed = v;
            return this;
        }

        public Builder products(int v) {
            products = v;
            return this;
        }

        /** Share of sessions that are purchase missions for an average user in an average context. */
        public Builder missionShare(double v) {
            missionShare = v;
            return this;
        }

        /** Mean log-odds of purchase of a mission session. */
        public Builder missionIntent(double v) {
            missionIntent = v;
            return this;
        }

        /** Mean log-odds of purchase of a browsing session. */
        public Builder browseIntent(double v) {
            browseIntent = v;
            return this;
        }

        public Builder userPropensitySpread(double v) {
            userPropensitySpread = v;
            return this;
        }

        public Builder sessionIntentSpread(double v) {
            sessionIntentSpread = v;
            return this;
        }

        public Builder cartPropensity(double v) {
            cartPropensity = v;
            return this;
        }

        public Builder removeProbability(double v) {
            removeProbability = v;
            return this;
        }

        public Builder repeatViewProbability(double v) {
            repeatViewProbability = v;
            return this;
        }

        public Builder categorySwitchProbability(double v) {
            categorySwitchProbability = v;
            return this;
        }

        public Builder viewGapMedianSeconds(double v) {
            viewGapMedianSeconds = v;
            return this;
        }

        public Builder mobileShare(double v) {
            mobileShare = v;
            return this;
        }

        public Builder botRate(double v) {
            botRate = v;
            return this;
        }

        public Builder duplicateRate(double v) {
            duplicateRate = v;
            return this;
        }

        public Builder outOfOrderRate(double v) {
            outOfOrderRate = v;
            return this;
        }

        public Builder disorderBound(Duration v) {
            disorderBound = v;
            return this;
        }

        public Builder lateRate(double v) {
            lateRate = v;
            return this;
        }

        public Builder lateMaxDelay(Duration v) {
            lateMaxDelay = v;
            return this;
        }

        public Builder malformedRate(double v) {
            malformedRate = v;
            return this;
        }

        public Builder malformedKinds(Set<MalformedKind> v) {
            malformedKinds = v.isEmpty() ? EnumSet.noneOf(MalformedKind.class) : EnumSet.copyOf(v);
            return this;
        }

        /** Sessions that start at or after this instant follow the drifted distributions; {@code null} disables drift. */
        public Builder driftAt(Instant v) {
            driftAt = v;
            return this;
        }

        public Builder driftIntentShift(double v) {
            driftIntentShift = v;
            return this;
        }

        public Builder driftPriceFactor(double v) {
            driftPriceFactor = v;
            return this;
        }

        public Builder driftMobileShare(double v) {
            driftMobileShare = v;
            return this;
        }

        public Builder format(OutputFormat v) {
            format = v;
            return this;
        }

        public Builder timeFormat(TimeFormat v) {
            timeFormat = v;
            return this;
        }

        public GeneratorConfig build() {
            require(users >= 1, "users must be at least 1");
            require(start != null && duration != null && zone != null && format != null && timeFormat != null,
                    "start, duration, zone, format and time format must be set");
            require(!duration.isNegative() && !duration.isZero(), "duration must be positive");
            // Validation rules reject times outside [2000, 2100); generated valid events must pass them.
            require(!start.isBefore(Instant.parse("2000-01-02T00:00:00Z"))
                            && start.plus(duration).isBefore(Instant.parse("2099-12-01T00:00:00Z")),
                    "start and end must lie between 2000 and 2099 (the event contract's accepted range)");
            require(maxEvents >= 0, "max-events must not be negative");
            require(sessionsPerUserPerDay > 0, "sessions-per-user-per-day must be positive");
            require(userActivitySpread >= 0 && userActivitySpread <= 3, "user-activity-spread must be in [0, 3]");
            require(seasonality >= 0 && seasonality <= 1, "seasonality must be in [0, 1]");
            require(products >= 1_000 && products <= 100_000_000, "products must be in [1000, 100000000]");
            require(userPropensitySpread >= 0 && sessionIntentSpread >= 0, "intent spreads must not be negative");
            require(cartPropensity >= 0, "cart-propensity must not be negative");
            require(missionShare > 0 && missionShare < 1, "mission-share must be in (0, 1)");
            probability(removeProbability, "remove-probability");
            probability(repeatViewProbability, "repeat-view-probability");
            probability(categorySwitchProbability, "category-switch-probability");
            require(viewGapMedianSeconds >= 1 && viewGapMedianSeconds <= 3600, "view-gap-median must be in [1, 3600] seconds");
            probability(mobileShare, "mobile-share");
            probability(botRate, "bot-rate");
            probability(duplicateRate, "duplicate-rate");
            probability(outOfOrderRate, "out-of-order-rate");
            probability(lateRate, "late-rate");
            probability(malformedRate, "malformed-rate");
            require(duplicateRate + outOfOrderRate + lateRate <= 1,
                    "duplicate-rate + out-of-order-rate + late-rate must not exceed 1 (each event gets at most one of them)");
            require(disorderBound.toMillis() >= 1, "disorder-bound must be at least 1 ms");
            require(lateMaxDelay.toMillis() > disorderBound.toMillis(), "late-max-delay must exceed disorder-bound");
            require(malformedRate == 0 || !malformedKinds.isEmpty(), "malformed-kinds must not be empty when malformed-rate > 0");
            require(driftPriceFactor > 0, "drift-price-factor must be positive");
            probability(driftMobileShare, "drift-mobile-share");
            return new GeneratorConfig(this);
        }

        private static void probability(double v, String name) {
            require(v >= 0 && v <= 1, name + " must be in [0, 1]");
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
