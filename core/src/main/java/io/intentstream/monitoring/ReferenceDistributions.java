package io.intentstream.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the model saw in training, as the job's drift monitor compares against it (bundle.json's
 * {@code reference_distributions}; docs/monitoring.md): one {@link ReferenceDistribution} per monitored feature
 * and one for the propensity.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class ReferenceDistributions implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The name drift rows and metrics give the propensity, next to the feature names. */
    public static final String PROPENSITY = "propensity";
    /** Deciles, as Evidently bins numerical values for PSI by default. */
    public static final int DEFAULT_QUANTILE_BINS = 10;
    /**
     * Not monitored: calendar features, because within one window their distribution is set by the window (a day has
     * one day of the week), not by the shop's visitors, so against an all-week reference they always "drift"; and
     * the user-history counts, because they grow with the history behind them: a job that starts on a stream sees
     * them rise for a whole TTL (90 days by default), and a reference taken over a few days of training history is
     * no steady state either. Measured: without any drift, 0.2 to 1.0 on the first days of a job (docs/monitoring.md).
     * The context codes (device, channel) are monitored.
     */
    public static final List<String> UNMONITORED_FEATURES = List.of("hour_of_day", "day_of_week", "is_weekend",
            "user_prev_sessions", "user_prev_cart_sessions", "user_prev_converted_sessions", "user_conversion_rate",
            "user_prev_purchases", "user_prev_spend", "days_since_last_purchase", "days_since_prev_session",
            "user_decayed_sessions", "user_decayed_conversions", "product_bought_before", "product_carted_before",
            "category_bought_before", "category_views_before", "prev_session_converted");

    /** Reference rows the distributions were computed from. */
    @JsonProperty("rows")
    public long rows;

    /** Which rows those were, in words, e.g. "every scored event before the training cutoff". */
    @JsonProperty("source")
    public String source;

    @JsonProperty("quantile_bins")
    public int quantileBins = DEFAULT_QUANTILE_BINS;

    /** By feature name, in the bundle's feature order. */
    @JsonProperty("features")
    public Map<String, ReferenceDistribution> features = new LinkedHashMap<>();

    @JsonProperty("propensity")
    public ReferenceDistribution propensity;

    public ReferenceDistributions() {}

    public static boolean isMonitored(String featureName) {
        return !UNMONITORED_FEATURES.contains(featureName);
    }
}
