package io.intentstream.job;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.events.EventFormat;
import io.intentstream.features.FeatureConfig;
import io.intentstream.job.connectors.registry.FlinkRegistryStore;
import io.intentstream.job.connectors.registry.RegistryOptions;
import io.intentstream.model.BundleException;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import io.intentstream.registry.ModelImport;
import io.intentstream.registry.ModelRegistry;
import io.intentstream.registry.Stage;
import io.intentstream.registry.StageDocument;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/intentstream models <action>}: publishes bundles into a model registry and changes its stages, which
 * running jobs started with {@code --registry} follow (docs/lifecycle.md). Every action that changes the stages
 * writes a new revision and prints it.
 */
public final class ModelsCli {
    static final Option<String> BUNDLE = Option.string("bundle", null, "bundle directory to publish (any Flink file system path)");
    static final Option<String> VERSION = Option.string("version", null, "a published version of the model");
    static final Option<Stage> STAGE = Option.choice("stage", null, Stage.class,
            "production (the champion), challenger (scores --share of users) or shadow (scores every event into the archive only)");
    static final Option<Double> SHARE = Option.decimal("share", null,
            "promote --stage challenger: its share of users; holdout: the share of users marked for no intervention");
    static final Option<String> CHANGED_BY = Option.string("changed-by", System.getProperty("user.name", "unknown"),
            "who makes the change, kept in the stage history");
    static final Option<String> XGBOOST_JSON = Option.string("xgboost-json", null,
            "import: an XGBoost model saved as JSON (booster.save_model(\"model.json\")) whose feature names are the engine's");
    static final Option<String> HISTORY = Option.string("history", null,
            "import: events replayed through the feature engine for the bundle's reference rows");
    static final Option<String> INPUT_FORMAT = Option.string("input-format", "json", "import: layout of --history: json or rees46");
    static final Option<String> MODEL_VERSION = Option.string("model-version", null, "import: the version the new bundle gets");
    static final Option<String> OUTPUT = Option.string("output", null,
            "import: also write the bundle to this directory (without --registry: only there)");

    /** Exit status for a refused change: a bad bundle, an unknown version, a stage rule. */
    static final int EXIT_REFUSED = 3;

    private static final Map<String, String> ACTIONS = Map.of(
            "publish", "Checks a bundle exactly as the job does when it loads one, and publishes it as a new version.",
            "list", "Lists the published versions and the current stages.",
            "history", "Prints every revision of the stages, oldest first: what changed, who changed it and when.",
            "promote", "Puts a published version into a stage: production, challenger (with --share) or shadow.",
            "retire", "Takes a challenger or shadow version out of scoring.",
            "rollback", "Puts back the production version before the current one.",
            "holdout", "Sets the share of users in the holdout arm (scored by production, marked for no intervention).",
            "import", "Turns an XGBoost JSON model trained elsewhere into a bundle, and publishes it with --registry.");

    private final Clock clock;
    private final PrintStream out;

    ModelsCli(Clock clock, PrintStream out) {
        this.clock = clock;
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length == 0 || !ACTIONS.containsKey(args[0])) {
            System.out.print(usage());
            System.exit(args.length == 0 || Options.wantsHelp(args) ? 0 : 2);
        }
        Options.Values values = options(args[0]).parseOrExit(List.of(args).subList(1, args.length).toArray(String[]::new));
        if (values == null) {
            return;
        }
        try {
            new ModelsCli(Clock.systemUTC(), System.out).run(args[0], values);
        } catch (BundleException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(EXIT_REFUSED);
        } catch (IOException e) {
            System.err.println("error: cannot read or write the registry: " + e.getMessage());
            System.exit(1);
        }
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("usage: bin/intentstream models <action> [--option value ...]   (each action takes --help)\n\n");
        for (String action : List.of("publish", "list", "history", "promote", "retire", "rollback", "holdout", "import")) {
            sb.append(String.format(Locale.ROOT, "  %-9s %s%n", action, ACTIONS.get(action)));
        }
        return sb.toString();
    }

    /** The options of one action. */
    static Options options(String action) {
        Options o = new Options("bin/intentstream models " + action, ACTIONS.get(action))
                .add(RegistryOptions.REGISTRY).add(RegistryOptions.MODEL_NAME);
        switch (action) {
            case "publish":
                return o.add(BUNDLE).add(CHANGED_BY);
            case "promote":
                return o.add(VERSION).add(STAGE).add(SHARE).add(CHANGED_BY);
            case "retire":
                return o.add(VERSION).add(CHANGED_BY);
            case "rollback":
                return o.add(CHANGED_BY);
            case "holdout":
                return o.add(SHARE).add(CHANGED_BY);
            case "import":
                return o.add(XGBOOST_JSON).add(HISTORY).add(INPUT_FORMAT).add(MODEL_VERSION).add(OUTPUT).add(CHANGED_BY);
            default:
                return o;
        }
    }

    void run(String action, Options.Values v) throws IOException {
        String model = v.get(RegistryOptions.MODEL_NAME);
        if (action.equals("import")) {
            importModel(v, model);
            return;
        }
        ModelRegistry registry = registry(v);
        switch (action) {
            case "publish":
                String location = require(v, BUNDLE);
                String version = registry.publish(model, BundleLoader.read(location));
                out.printf("published %s version %s from %s%n", model, version, location);
                break;
            case "list":
                list(registry, model);
                break;
            case "history":
                for (StageDocument d : registry.history(model)) {
                    out.printf("revision %d  %s  %s  %s%n    %s%n", d.revision(), d.changedAt(), d.changedBy(), d.action(),
                            d.summary());
                }
                break;
            case "promote":
                Stage stage = require(v, STAGE);
                Double share = v.get(SHARE);
                if (stage == Stage.CHALLENGER && share == null) {
                    throw new IllegalArgumentException("a challenger needs --share, the share of users it scores (e.g. 0.1)");
                }
                printChange(registry.promote(model, require(v, VERSION), stage, share == null ? 0 : share));
                break;
            case "retire":
                printChange(registry.retire(model, require(v, VERSION)));
                break;
            case "rollback":
                printChange(registry.rollback(model));
                break;
            case "holdout":
                printChange(registry.holdout(model, require(v, SHARE)));
                break;
            default:
                throw new IllegalArgumentException("unknown action " + action);
        }
    }

    private ModelRegistry registry(Options.Values v) {
        return new ModelRegistry(FlinkRegistryStore.open(require(v, RegistryOptions.REGISTRY)), v.get(CHANGED_BY), clock);
    }

    private void importModel(Options.Values v, String model) throws IOException {
        if (v.get(RegistryOptions.REGISTRY) == null && v.get(OUTPUT) == null) {
            throw new IllegalArgumentException("import needs --registry (publish the bundle), --output (write it), or both");
        }
        ModelBundle bundle = ModelImport.fromXGBoostJson(Files.readAllBytes(Path.of(require(v, XGBOOST_JSON))),
                Path.of(require(v, HISTORY)), EventFormat.fromOptionName(v.get(INPUT_FORMAT)), FeatureConfig.defaults(),
                require(v, MODEL_VERSION), clock.instant());
        BundleMetadata meta = bundle.metadata();
        out.printf("imported %s (XGBoost %s, %d trees) with %d reference rows replayed from %s%n", meta.modelVersion,
                meta.xgboostVersion, meta.numBoostedRounds, meta.training.get("reference_rows_replayed"), v.get(HISTORY));
        if (v.get(OUTPUT) != null) {
            bundle.write(Path.of(v.get(OUTPUT)));
            out.printf("wrote the bundle to %s%n", v.get(OUTPUT));
        }
        if (v.get(RegistryOptions.REGISTRY) != null) {
            registry(v).publish(model, bundle);
            out.printf("published %s version %s%n", model, meta.modelVersion);
        }
    }

    private void list(ModelRegistry registry, String model) throws IOException {
        Optional<StageDocument> current = registry.current(model);
        out.printf("%s at %s%n", model, registry.store().describe(model));
        out.printf("%-28s %-12s %-24s %s%n", "version", "stage", "created", "test ROC AUC (sessions)");
        for (String version : registry.versions(model)) {
            BundleMetadata meta = registry.load(model, version).metadata();
            Map<String, Double> sessions = meta.metrics.get("test_sessions");
            Double auc = sessions == null ? null : sessions.get("roc_auc");
            out.printf("%-28s %-12s %-24s %s%n", version, current.map(d -> stageOf(d, version)).orElse("-"),
                    meta.createdAt == null ? "-" : meta.createdAt.substring(0, Math.min(19, meta.createdAt.length())),
                    auc == null ? "-" : String.format(Locale.ROOT, "%.4f", auc));
        }
        out.println(current.map(d -> "stages (revision " + d.revision() + "): " + d.summary()).orElse("no stages yet: "
                + "bin/intentstream models promote --stage production --version V"));
    }

    private static String stageOf(StageDocument d, String version) {
        if (version.equals(d.production())) {
            return "production";
        }
        if (version.equals(d.challengerVersion())) {
            return "challenger";
        }
        return d.shadow().contains(version) ? "shadow" : "-";
    }

    private void printChange(StageDocument d) {
        out.printf("revision %d: %s%n    %s%n", d.revision(), d.action(), d.summary());
    }

    private static <T> T require(Options.Values v, Option<T> option) {
        T value = v.get(option);
        if (value == null) {
            throw new IllegalArgumentException("--" + option.name() + " is required (see --help)");
        }
        return value;
    }
}
