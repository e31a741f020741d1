package io.intentstream.generator;

import static io.intentstream.generator.GeneratorConfig.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** {@code bin/intentstream generate}: writes synthetic events to stdout, a file or a directory of files. */
public final class GeneratorCli {
    private String output = "-";
    private Path outputDir;
    private long rollBytes = 256L << 20;
    private long rollLines;
    private boolean gzip;
    private Path truth;
    private boolean quiet;

    GeneratorCli() {}

    public static void main(String[] args) {
        try {
            System.exit(new GeneratorCli().run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("generate: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("generate: " + e);
            System.exit(1);
        }
    }

    int run(String[] args) throws IOException {
        GeneratorConfig.Builder builder = GeneratorConfig.builder();
        CliOptions cli = options(builder);
        if (!cli.parse(args, System.out)) {
            return 0;
        }
        if (outputDir != null && !output.equals("-")) {
            throw new IllegalArgumentException("give either --output or --output-dir, not both");
        }
        GeneratorConfig config = builder.build();
        OutputTarget target;
        if (outputDir != null) {
            target = OutputTarget.directory(outputDir, rollBytes, rollLines, gzip);
        } else if (output.equals("-")) {
            target = OutputTarget.stdout();
        } else {
            target = OutputTarget.file(Paths.get(output), gzip);
        }
        GenerationSummary summary = new ClickstreamGenerator(config).writeTo(target, truth);
        if (!quiet) {
            System.err.println("[generate] " + summary);
        }
        return 0;
    }

    private CliOptions options(GeneratorConfig.Builder builder) {
        CliOptions cli = new CliOptions(
                "usage: bin/intentstream generate [options]\n"
                        + "Writes a synthetic clickstream (docs/generator.md). Same options and seed, same bytes.");
        cli.section("Output")
                .option("output", "PATH", "-", "file to write; '-' writes to stdout", v -> output = v)
                .option("output-dir", "DIR", null,
                        "write a directory of files events-00000.<ext>, events-00001.<ext>, ... instead of one file",
                        v -> outputDir = Paths.get(v))
                .option("roll-size", "SIZE", "256MB",
                        "with --output-dir: start a new file before one would exceed this size (uncompressed; 0 = no limit)",
                        v -> rollBytes = CliOptions.parseSize(v))
                .option("roll-events", "N", 0, "with --output-dir: start a new file after this many lines (0 = no limit)",
                        v -> rollLines = CliOptions.parseLong(v))
                .flag("gzip", "gzip-compress the output files (a .gz suffix is added to rolled files)", () -> gzip = true)
                .option("truth", "PATH", null,
                        "write the ground-truth side file (JSON lines: sessions with latent intent, malformed and"
                                + " disordered lines) here; never mixed into the events",
                        v -> truth = Paths.get(v))
                .flag("quiet", "do not print the run summary on stderr", () -> quiet = true);
        registerGeneratorOptions(cli, builder);
        return cli;
    }

    /** The full {@code --help} text. */
    static String helpText() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new GeneratorCli().options(GeneratorConfig.builder()).printHelp(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The options that shape the content; shared with {@code calibrate} so alternatives can be compared. */
    static void registerGeneratorOptions(CliOptions cli, GeneratorConfig.Builder b) {
        cli.section("Population and time")
                .option("seed", "N", DEFAULT_SEED, "random seed; the same seed and options give byte-identical output",
                        v -> b.seed(CliOptions.parseLong(v)))
                .option("users", "N", DEFAULT_USERS, "size of the user population (users return across days)",
                        v -> b.users(CliOptions.parseInt(v)))
                .option("start", "INSTANT", DEFAULT_START,
                        "start of the time span (ISO instant, or a date meaning midnight UTC)",
                        v -> b.start(CliOptions.parseInstant(v)))
                .option("days", "N", 1, "length of the time span in days (fractions allowed)",
                        v -> b.duration(CliOptions.parseDuration(v + "d")))
                .option("duration", "DURATION", null,
                        "length of the time span as 2h50m, 36h, 7d or PT2H50M (overrides --days)",
                        v -> b.duration(CliOptions.parseDuration(v)))
                .option("max-events", "N", 0,
                        "stop after this many distinct events (duplicates and malformed lines come on top); 0 = no limit."
                                + " Sessions still open are cut and marked truncated in the ground truth",
                        v -> b.maxEvents(CliOptions.parseLong(v)))
                .option("sessions-per-user-per-day", "RATE", DEFAULT_SESSIONS_PER_USER_PER_DAY,
                        "mean sessions a user starts per day (seasonality shapes when)",
                        v -> b.sessionsPerUserPerDay(CliOptions.parseDouble(v)))
                .option("user-activity-spread", "SIGMA", DEFAULT_USER_ACTIVITY_SPREAD,
                        "log-normal spread of activity between users (0 = all equally active)",
                        v -> b.userActivitySpread(CliOptions.parseDouble(v)))
                .option("zone", "ZONE", "UTC", "time zone of the daily and weekly traffic shape (e.g. Europe/Berlin)",
                        v -> b.zone(ZoneId.of(v)))
                .option("seasonality", "0..1", DEFAULT_SEASONALITY,
                        "strength of time-of-day and day-of-week traffic variation (0 = flat)",
                        v -> b.seasonality(CliOptions.parseDouble(v)))
                .option("catalog-seed", "N", DEFAULT_CATALOG_SEED,
                        "seed of the product catalog, kept apart from --seed so runs with different seeds share a shop",
                        v -> b.catalogSeed(CliOptions.parseLong(v)))
                .option("products", "N", DEFAULT_PRODUCTS, "number of products in the catalog",
                        v -> b.products(CliOptions.parseInt(v)));
        cli.section("Behaviour")
                .option("mission-share", "P", DEFAULT_MISSION_SHARE,
                        "share of sessions that are purchase missions rather than browsing, for an average user and"
                                + " context; raises or lowers conversion",
                        v -> b.missionShare(CliOptions.parseDouble(v)))
                .option("mission-intent", "LOGIT", DEFAULT_MISSION_INTENT,
                        "mean log-odds of purchase of a mission session",
                        v -> b.missionIntent(CliOptions.parseDouble(v)))
                .option("browse-intent", "LOGIT", DEFAULT_BROWSE_INTENT,
                        "mean log-odds of purchase of a browsing session",
                        v -> b.browseIntent(CliOptions.parseDouble(v)))
                .option("user-propensity-spread", "SIGMA", DEFAULT_USER_PROPENSITY_SPREAD,
                        "spread (log-odds) of the persistent per-user chance of being on a mission: what user history"
                                + " can learn",
                        v -> b.userPropensitySpread(CliOptions.parseDouble(v)))
                .option("session-intent-spread", "SIGMA", DEFAULT_SESSION_INTENT_SPREAD,
                        "spread (log-odds) of a session's intent around its mission or browsing mean",
                        v -> b.sessionIntentSpread(CliOptions.parseDouble(v)))
                .option("cart-propensity", "K", DEFAULT_CART_PROPENSITY,
                        "a session adds to cart with probability min(0.95, K * intent)",
                        v -> b.cartPropensity(CliOptions.parseDouble(v)))
                .option("remove-probability", "P", DEFAULT_REMOVE_PROBABILITY,
                        "chance that a cart add is later removed from the cart",
                        v -> b.removeProbability(CliOptions.parseDouble(v)))
                .option("repeat-view-probability", "P", DEFAULT_REPEAT_VIEW_PROBABILITY,
                        "base chance that a view revisits a product seen earlier in the session (rises with intent)",
                        v -> b.repeatViewProbability(CliOptions.parseDouble(v)))
                .option("category-switch-probability", "P", DEFAULT_CATEGORY_SWITCH_PROBABILITY,
                        "base chance that a new product comes from another category (falls with intent)",
                        v -> b.categorySwitchProbability(CliOptions.parseDouble(v)))
                .option("view-gap-median", "DURATION", (long) DEFAULT_VIEW_GAP_MEDIAN_SECONDS + "s", "median time between two views of a session",
                        v -> b.viewGapMedianSeconds(CliOptions.parseDuration(v).toMillis() / 1000.0))
                .option("mobile-share", "P", DEFAULT_MOBILE_SHARE,
                        "share of sessions on mobile (the rest: 80% desktop, 20% tablet)",
                        v -> b.mobileShare(CliOptions.parseDouble(v)));
        cli.section("Noise and faults (rates per distinct event unless noted)")
                .option("bot-rate", "P", DEFAULT_BOT_RATE,
                        "share of sessions that are bots: hundreds of fast views, never a cart or purchase",
                        v -> b.botRate(CliOptions.parseDouble(v)))
                .option("duplicate-rate", "P", 0, "chance an event's line is written twice in a row, byte for byte",
                        v -> b.duplicateRate(CliOptions.parseDouble(v)))
                .option("out-of-order-rate", "P", 0,
                        "chance an event is held back by up to --disorder-bound (arrives after later events)",
                        v -> b.outOfOrderRate(CliOptions.parseDouble(v)))
                .option("disorder-bound", "DURATION", CliOptions.formatDuration(DEFAULT_DISORDER_BOUND),
                        "the most an out-of-order event lags the newest event before it (set your watermark bound to it)",
                        v -> b.disorderBound(CliOptions.parseDuration(v)))
                .option("late-rate", "P", 0,
                        "chance an event is held back by more than --disorder-bound (a late event)",
                        v -> b.lateRate(CliOptions.parseDouble(v)))
                .option("late-max-delay", "DURATION", CliOptions.formatDuration(DEFAULT_LATE_MAX_DELAY),
                        "late events are held back uniformly between the disorder bound and this",
                        v -> b.lateMaxDelay(CliOptions.parseDuration(v)))
                .option("malformed-rate", "P", 0,
                        "chance a broken copy of an event follows it (an extra line the parser must reject)",
                        v -> b.malformedRate(CliOptions.parseDouble(v)))
                .option("malformed-kinds", "LIST", "all",
                        "comma-separated kinds drawn with equal chance: invalid_syntax, missing_field, unknown_event_type,"
                                + " negative_price, non_numeric_price, impossible_timestamp, out_of_range_timestamp",
                        v -> b.malformedKinds(parseKinds(v)));
        cli.section("Drift (off unless --drift-at is given)")
                .option("drift-at", "INSTANT", null, "sessions starting at or after this instant follow the shifted distributions",
                        v -> b.driftAt(CliOptions.parseInstant(v)))
                .option("drift-intent-shift", "LOGIT", DEFAULT_DRIFT_INTENT_SHIFT,
                        "added to the mission log-odds of every drifted session (negative: fewer purchases)",
                        v -> b.driftIntentShift(CliOptions.parseDouble(v)))
                .option("drift-price-factor", "F", DEFAULT_DRIFT_PRICE_FACTOR, "prices seen in drifted sessions are multiplied by this",
                        v -> b.driftPriceFactor(CliOptions.parseDouble(v)))
                .option("drift-mobile-share", "P", DEFAULT_DRIFT_MOBILE_SHARE, "share of mobile sessions after the drift",
                        v -> b.driftMobileShare(CliOptions.parseDouble(v)));
        cli.section("Layout")
                .option("format", "json|rees46", "json",
                        "JSON lines in our event contract, or the REES46 CSV layout (no event id, device or channel)",
                        v -> b.format(OutputFormat.fromOptionName(v)))
                .option("time-format", "iso|epoch-ms", "iso", "how JSON writes event_time",
                        v -> b.timeFormat(parseTimeFormat(v)));
    }

    private static Set<MalformedKind> parseKinds(String v) {
        if (v.trim().equalsIgnoreCase("all")) {
            return EnumSet.allOf(MalformedKind.class);
        }
        Set<MalformedKind> kinds = EnumSet.noneOf(MalformedKind.class);
        for (String name : v.split(",")) {
            if (!name.isBlank()) {
                kinds.add(MalformedKind.fromOptionName(name));
            }
        }
        return kinds;
    }

    private static GeneratorConfig.TimeFormat parseTimeFormat(String v) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "iso":
                return GeneratorConfig.TimeFormat.ISO;
            case "epoch-ms":
                return GeneratorConfig.TimeFormat.EPOCH_MS;
            default:
                throw new IllegalArgumentException("expected iso or epoch-ms");
        }
    }
}
