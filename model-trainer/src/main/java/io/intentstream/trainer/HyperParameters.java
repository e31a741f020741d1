package io.intentstream.trainer;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The XGBoost hyper-parameters of a training run, validated when built, so a mistake fails with a readable
 * message before any native call. Each parameter is declared once here: its option (name, default,
 * description), its check, and its XGBoost name in {@link #boosterParams()}.
 *
 * @param threads XGBoost's {@code nthread}
 * @param rounds maximum boosting rounds
 * @param earlyStoppingRounds rounds without validation log-loss improvement after which training stops
 * @param extra further XGBoost parameters passed through as given (any but the objective)
 */
public record HyperParameters(int maxDepth, double eta, double minChildWeight, double subsample, double colsampleByTree,
        double lambda, int threads, long seed, int rounds, int earlyStoppingRounds, Map<String, String> extra) {

    public static final String OBJECTIVE = "binary:logistic";

    public static final Option<Integer> ROUNDS = Option.integer("rounds", 300, "maximum boosting rounds");
    public static final Option<Integer> EARLY_STOPPING = Option.integer("early-stopping-rounds", 30,
            "stop after this many rounds without validation log-loss improvement");
    public static final Option<Integer> MAX_DEPTH = Option.integer("max-depth", 6, "maximum tree depth");
    public static final Option<Double> ETA = Option.decimal("eta", 0.05, "learning rate");
    public static final Option<Double> MIN_CHILD_WEIGHT = Option.decimal("min-child-weight", 1.0, "minimum hessian sum in a leaf");
    public static final Option<Double> SUBSAMPLE = Option.decimal("subsample", 0.8, "row subsample per tree");
    public static final Option<Double> COLSAMPLE = Option.decimal("colsample-bytree", 0.8, "feature subsample per tree");
    public static final Option<Double> LAMBDA = Option.decimal("lambda", 1.0, "L2 regularisation on leaf weights");
    public static final Option<Integer> THREADS = Option.integer("threads", null, "XGBoost threads; unset: all cores");
    public static final Option<Long> SEED = Option.longValue("seed", 0L, "XGBoost random seed (subsampling)");
    public static final Option<String> EXTRA_PARAMS = Option.string("xgb-params", "",
            "extra XGBoost parameters, comma-separated k=v (e.g. gamma=1,max_bin=128)");

    /** The options above, in the order the trainer's help and docs/configuration.md list them. */
    static final List<Option<?>> OPTIONS = List.of(ROUNDS, EARLY_STOPPING, MAX_DEPTH, ETA, MIN_CHILD_WEIGHT, SUBSAMPLE,
            COLSAMPLE, LAMBDA, THREADS, SEED, EXTRA_PARAMS);

    public HyperParameters {
        require(maxDepth >= 1 && maxDepth <= 16, "max-depth must be in 1..16, got " + maxDepth);
        require(eta > 0 && eta <= 1, "eta must be in (0, 1], got " + eta);
        require(minChildWeight >= 0, "min-child-weight must be >= 0, got " + minChildWeight);
        require(subsample > 0 && subsample <= 1, "subsample must be in (0, 1], got " + subsample);
        require(colsampleByTree > 0 && colsampleByTree <= 1, "colsample-bytree must be in (0, 1], got " + colsampleByTree);
        require(lambda >= 0, "lambda must be >= 0, got " + lambda);
        require(threads >= 1, "threads must be >= 1, got " + threads);
        require(rounds >= 1, "rounds must be >= 1, got " + rounds);
        require(earlyStoppingRounds >= 0, "early-stopping-rounds must be >= 0, got " + earlyStoppingRounds);
        extra = extra == null ? Map.of() : extra;
        require(!extra.containsKey("objective"), "the objective is fixed to " + OBJECTIVE);
        // Insertion order is kept: it is the order the parameters reach XGBoost and bundle.json.
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** The hyper-parameters the options ask for; the thread count defaults to all cores. */
    public static HyperParameters fromOptions(Options.Values o) {
        int threads = o.get(THREADS) != null ? o.get(THREADS) : Runtime.getRuntime().availableProcessors();
        return new HyperParameters(o.get(MAX_DEPTH), o.get(ETA), o.get(MIN_CHILD_WEIGHT), o.get(SUBSAMPLE), o.get(COLSAMPLE),
                o.get(LAMBDA), threads, o.get(SEED), o.get(ROUNDS), o.get(EARLY_STOPPING), parseExtra(o.get(EXTRA_PARAMS)));
    }

    /** The parameter map XGBoost trains with. */
    public Map<String, Object> boosterParams() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", OBJECTIVE);
        p.put("tree_method", "hist");
        p.put("eval_metric", "logloss");
        p.put("max_depth", maxDepth);
        p.put("eta", eta);
        p.put("min_child_weight", minChildWeight);
        p.put("subsample", subsample);
        p.put("colsample_bytree", colsampleByTree);
        p.put("lambda", lambda);
        p.put("nthread", threads);
        p.put("seed", seed);
        p.putAll(extra);
        return p;
    }

    /** What bundle.json records as {@code params}: the booster's parameters and the round settings of training. */
    public Map<String, Object> bundleParams() {
        Map<String, Object> p = boosterParams();
        p.put("rounds", rounds);
        p.put("early_stopping_rounds", earlyStoppingRounds);
        return p;
    }

    /** Parses {@code k=v,k=v}; keys and values are trimmed, order is kept. */
    static Map<String, String> parseExtra(String spec) {
        Map<String, String> extra = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return extra;
        }
        for (String kv : spec.split(",")) {
            String[] p = kv.split("=", 2);
            if (p.length != 2 || p[0].isBlank()) {
                throw new IllegalArgumentException("--xgb-params: expected k=v, got '" + kv + "'");
            }
            extra.put(p[0].trim(), p[1].trim());
        }
        return extra;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
