package io.intentstream.job.pipeline;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.events.ApplyOrder;
import io.intentstream.events.EventFormat;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.BotRule;
import io.intentstream.job.functions.ScorerFactory;
import io.intentstream.model.ScorerSelector;
import java.time.Duration;
import java.util.List;

/** Options of the processing graph: input layout and validation, event time, scoring and the bot rule. */
public final class PipelineOptions {
    private PipelineOptions() {}

    public static final Option<String> INPUT_FORMAT = Option.string("input-format", "json",
            "file source layout: json (our contract) or rees46 (CSV); Retailrocket files: convert first");
    public static final Option<ScorerSelector.Preference> SCORER = Option.choice("scorer", ScorerSelector.Preference.AUTO,
            ScorerSelector.Preference.class, "model evaluator: auto uses the pure-Java evaluator when it reproduces the "
                    + "bundle's reference margins bit for bit, else XGBoost4J; java or xgboost4j force one");
    public static final Option<Integer> EXPLAIN = Option.integer("explain", 0,
            "emit the top this many reasons (TreeSHAP feature contributions) with each score; needs the Java evaluator; "
                    + "about 1.3 ms per explained event (docs/BENCHMARKS.md); 0: off");
    public static final Option<Double> EXPLAIN_SHARE = Option.decimal("explain-share", 1.0,
            "with --explain: the share of events explained, chosen by a hash of the event id (the same events on every "
                    + "run); e.g. 0.01 to explain a sample of a full-volume stream");
    public static final Option<Integer> DEAD_LETTER_MAX_RAW_CHARS = Option.integer("dead-letter-max-raw-chars", 4096,
            "raw input kept in a dead letter is truncated beyond this many characters");
    public static final Option<ApplyOrder> APPLY_ORDER = Option.choice("apply-order", ApplyOrder.ARRIVAL, ApplyOrder.class,
            "arrival: apply and score each event when it arrives (milliseconds); event-time: wait until the watermark "
                    + "passes it and apply in event-time order, exact under disorder at the cost of the watermark delay "
                    + "(docs/delivery.md)");
    public static final Option<Duration> MAX_OUT_OF_ORDERNESS = Option.duration("max-out-of-orderness", Duration.ofSeconds(5),
            "events may arrive this much behind the newest event seen and are still applied (later ones are late); "
                    + "sessions close this long after their timeout, and with --apply-order event-time scores wait this long");
    public static final Option<Duration> WATERMARK_INTERVAL = Option.duration("watermark-interval", Duration.ofMillis(200),
            "how often watermarks are emitted; 0: after every event (lateness then depends only on the input order, "
                    + "at some cost per event)");
    public static final Option<Duration> SOURCE_IDLENESS = Option.duration("source-idleness", Duration.ofSeconds(30),
            "a source split without events for this long no longer holds back the watermark");
    public static final Option<Integer> MAX_RECORD_BYTES = Option.integer("max-record-bytes", 64 * 1024,
            "inputs larger than this are rejected (record_too_large)");
    public static final Option<Integer> MAX_IDENTIFIER_LENGTH = Option.integer("max-identifier-length", 256,
            "ids longer than this are rejected (identifier_too_long)");
    public static final Option<String> EVENT_TYPE_ALIASES = Option.string("event-type-aliases", "",
            "extra event type names, e.g. addtocart=cart,transaction=purchase");
    public static final Option<Duration> MAX_FUTURE_SKEW = Option.duration("max-future-skew", null,
            "live mode: reject events whose time is this far ahead of the wall clock; unset for replay of history");
    public static final Option<Integer> BOT_MAX_EVENTS = Option.integer("bot-max-events", 0,
            "stop scoring a session after this many events (reason bot_session); 0: off");
    public static final Option<Duration> BOT_MIN_MEAN_GAP = Option.duration("bot-min-mean-gap", Duration.ZERO,
            "stop scoring a session whose mean gap between events falls below this (reason bot_session); 0: off");
    public static final Option<Integer> BOT_MIN_EVENTS = Option.integer("bot-min-events", 50,
            "events a session needs before --bot-min-mean-gap applies");

    public static final Option<Boolean> DRIFT = Option.bool("drift", true,
            "compute drift per window and model version: PSI of each feature and of the propensity against the bundle's "
                    + "reference distributions (bundles without them: off, with a note in the log; docs/monitoring.md)");
    public static final Option<Boolean> LIVE_QUALITY = Option.bool("live-quality", true,
            "compute live model quality per window and model version from session outcomes: ROC and PR AUC, Brier, "
                    + "predicted against observed conversion rate (docs/monitoring.md)");
    public static final Option<Duration> MONITORING_WINDOW = Option.duration("monitoring-window", Duration.ofDays(1),
            "event-time window of drift and live quality, aligned to midnight UTC; a day, because the shop's daily cycle "
                    + "makes shorter windows drift against an all-day reference every night (docs/monitoring.md)");

    public static List<Option<?>> all() {
        return List.of(INPUT_FORMAT, SCORER, EXPLAIN, EXPLAIN_SHARE, DEAD_LETTER_MAX_RAW_CHARS, APPLY_ORDER, MAX_OUT_OF_ORDERNESS, WATERMARK_INTERVAL,
                SOURCE_IDLENESS, MAX_RECORD_BYTES, MAX_IDENTIFIER_LENGTH, EVENT_TYPE_ALIASES, MAX_FUTURE_SKEW,
                BOT_MAX_EVENTS, BOT_MIN_MEAN_GAP, BOT_MIN_EVENTS, DRIFT, LIVE_QUALITY, MONITORING_WINDOW);
    }

    public static EventFormat inputFormat(Options.Values options) {
        return EventFormat.fromOptionName(options.get(INPUT_FORMAT));
    }

    public static ValidationRules validationRules(Options.Values options) {
        ValidationRules rules = ValidationRules.defaults()
                .withMaxRecordBytes(options.get(MAX_RECORD_BYTES))
                .withMaxIdentifierLength(options.get(MAX_IDENTIFIER_LENGTH))
                .withAliases(ValidationRules.parseAliases(options.get(EVENT_TYPE_ALIASES)));
        Duration skew = options.get(MAX_FUTURE_SKEW);
        return skew == null ? rules : rules.withMaxFutureSkewMillis(skew.toMillis());
    }

    public static BotRule botRule(Options.Values options) {
        return new BotRule(options.get(BOT_MAX_EVENTS), options.get(BOT_MIN_EVENTS), options.get(BOT_MIN_MEAN_GAP).toMillis());
    }

    /** The scorer the options ask for, as a factory that runs on the task managers. */
    public static ScorerFactory scorerFactory(Options.Values options) {
        ScorerSelector.Preference preference = options.get(SCORER);
        return bundle -> ScorerSelector.select(bundle, preference).scorer();
    }
}
