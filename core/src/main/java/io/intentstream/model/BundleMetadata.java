package io.intentstream.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.intentstream.features.FeatureConfig;
import io.intentstream.monitoring.ReferenceDistributions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata file ({@code bundle.json}) of a model bundle: what the model needs as input, how it was
 * trained and how well it did. Field names are the JSON names; see docs/model-bundle.md.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BundleMetadata implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Bumped when the bundle layout changes so that an older engine would score it wrongly. Version 2 adds
     * {@code calibration}: an engine that ignored it would emit uncalibrated propensities, so the trainer
     * marks calibrated bundles 2 and others {@link #UNCALIBRATED_FORMAT_VERSION}, which older engines still read.
     */
    public static final int CURRENT_FORMAT_VERSION = 2;
    /** The version of a bundle without calibration: layout 1, unchanged. */
    public static final int UNCALIBRATED_FORMAT_VERSION = 1;
    /**
     * The version of a bundle of a user-level {@link Target}: an engine from before targets would score it as a
     * session propensity, so such bundles are marked 3 and older engines refuse them. Session bundles keep 1 or 2.
     */
    public static final int USER_TARGET_FORMAT_VERSION = 3;
    /** The newest format this engine reads. */
    public static final int NEWEST_FORMAT_VERSION = USER_TARGET_FORMAT_VERSION;

    @JsonProperty("format_version")
    public int formatVersion;

    @JsonProperty("model_version")
    public String modelVersion;

    @JsonProperty("created_at")
    public String createdAt;

    @JsonProperty("feature_schema_version")
    public String featureSchemaVersion;

    @JsonProperty("feature_names")
    public List<String> featureNames = new ArrayList<>();

    @JsonProperty("feature_config")
    public FeatureConfigJson featureConfig;

    @JsonProperty("objective")
    public String objective;

    /**
     * What the model predicts ({@link Target#optionName()}); absent in bundles written before targets existed,
     * which predict {@code session-purchase}.
     */
    @JsonProperty("target")
    public String target;

    /** {@code repeat-purchase} only: the horizon in days within which a next purchase counts. */
    @JsonProperty("horizon_days")
    public Double horizonDays;

    @JsonProperty("booster_file")
    public String boosterFile;

    /** SHA-256 of the booster file, hex; a mismatch means a corrupt or tampered bundle. */
    @JsonProperty("booster_sha256")
    public String boosterSha256;

    @JsonProperty("xgboost_version")
    public String xgboostVersion;

    @JsonProperty("params")
    public Map<String, Object> params = new LinkedHashMap<>();

    @JsonProperty("num_boosted_rounds")
    public int numBoostedRounds;

    @JsonProperty("best_iteration")
    public Integer bestIteration;

    @JsonProperty("training")
    public Map<String, Object> training = new LinkedHashMap<>();

    /** Metric group (e.g. {@code test_events}) to metric name to value. */
    @JsonProperty("metrics")
    public Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();

    /**
     * What the trainer's report draws beyond {@link #metrics}: reliability bins, AUC by events seen, sliced
     * metrics, feature importance, the boosting curve (docs/model-bundle.md). Scorers ignore it.
     */
    @JsonProperty("evaluation")
    public Map<String, Object> evaluation;

    /**
     * The monotone map from margin to propensity the scorers apply, or {@code null}: the propensity is then
     * XGBoost's own sigmoid of the margin (format version 2; see {@link Calibration}).
     */
    @JsonProperty("calibration")
    public CalibrationJson calibration;

    /** Feature rows with XGBoost's own margins for them, so a scorer can prove it matches XGBoost. */
    @JsonProperty("reference_batch")
    public ReferenceBatch referenceBatch;

    /**
     * The training data's distribution of each monitored feature and of the propensity, for the job's drift
     * monitor; absent in bundles written before it existed (the job then computes no drift).
     */
    @JsonProperty("reference_distributions")
    public ReferenceDistributions referenceDistributions;

    /** The feature settings in JSON form. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class FeatureConfigJson implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @JsonProperty("time_zone")
        public String timeZone;

        @JsonProperty("session_timeout_ms")
        public long sessionTimeoutMillis;

        @JsonProperty("max_tracked_products")
        public int maxTrackedProducts;

        @JsonProperty("max_tracked_categories")
        public int maxTrackedCategories;

        @JsonProperty("max_tracked_brands")
        public int maxTrackedBrands;

        @JsonProperty("dedup_window")
        public int dedupWindow;

        /** Absent in bundles written before user history existed: they get the default. */
        @JsonProperty("user_history_ttl_ms")
        public Long userHistoryTtlMillis;

        public static FeatureConfigJson of(FeatureConfig c) {
            FeatureConfigJson j = new FeatureConfigJson();
            j.timeZone = c.timeZone();
            j.sessionTimeoutMillis = c.sessionTimeoutMillis();
            j.maxTrackedProducts = c.maxTrackedProducts();
            j.maxTrackedCategories = c.maxTrackedCategories();
            j.maxTrackedBrands = c.maxTrackedBrands();
            j.dedupWindow = c.dedupWindow();
            j.userHistoryTtlMillis = c.userHistoryTtlMillis();
            return j;
        }

        public FeatureConfig toConfig() {
            return new FeatureConfig(timeZone, sessionTimeoutMillis, maxTrackedProducts, maxTrackedCategories, maxTrackedBrands,
                    dedupWindow, userHistoryTtlMillis == null ? FeatureConfig.DEFAULT_USER_HISTORY_TTL_MILLIS : userHistoryTtlMillis);
        }
    }

    /** Rows of features (NaN written as null) and the margins XGBoost4J computed for them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class ReferenceBatch implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @JsonProperty("features")
        public List<List<Float>> features = new ArrayList<>();

        @JsonProperty("margins")
        public List<Float> margins = new ArrayList<>();

        /**
         * Calibrated bundles only: the propensities the trainer's XGBoost4J scorer gave the rows after the
         * calibration, which a loaded scorer must reproduce bit for bit; {@code null} otherwise.
         */
        @JsonProperty("propensities")
        public List<Float> propensities;
    }

    /**
     * The {@code calibration} section: the map ({@code method} with its {@code margins}/{@code propensities}
     * knots or its {@code slope}/{@code intercept}) and, for people, how it was fitted and chosen.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CalibrationJson implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /** {@code isotonic} or {@code platt}. */
        @JsonProperty("method")
        public String method;

        @JsonProperty("margins")
        public List<Float> margins;

        @JsonProperty("propensities")
        public List<Double> propensities;

        @JsonProperty("slope")
        public Double slope;

        @JsonProperty("intercept")
        public Double intercept;

        /** What the scorers ignore: examples fitted on, the candidates' cross-validated ECE, the choice. */
        @JsonProperty("fit")
        public Map<String, Object> fit;
    }
}
