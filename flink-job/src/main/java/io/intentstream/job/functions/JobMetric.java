package io.intentstream.job.functions;

import io.intentstream.events.RejectReason;
import java.util.Locale;
import org.apache.flink.api.common.JobExecutionResult;

/**
 * Every count the job keeps, by name: a Flink metric in the {@value #GROUP} group (live, per subtask) and an
 * accumulator of the same name (summed over subtasks in the job result). docs/outputs.md says what each means.
 */
public enum JobMetric {
    EVENTS_IN,
    EVENTS_VALID,
    EVENTS_REJECTED,
    EVENTS_SCORED,
    /** Of the scored events, those applied behind a later event of their user (arrival order only). */
    EVENTS_OUT_OF_ORDER,
    EVENTS_DUPLICATE,
    EVENTS_LATE,
    EVENTS_SCORING_ERROR,
    EVENTS_BOT_SESSION,
    SESSIONS_JUDGED_BOT,
    SESSIONS_OPENED,
    SESSIONS_CLOSED,
    SESSIONS_CONVERTED,
    /**
     * Purchases a user-level model ({@code --user-models}) failed to score. Not part of the input accounting: the
     * event itself was scored by the session model (or counted elsewhere).
     */
    USER_SCORING_ERRORS,
    /** Scores that carry reason codes ({@code --explain}). */
    EVENTS_EXPLAINED,
    /** Scores by shadow models (archive only), one per event and shadow model. */
    SHADOW_SCORES,
    /** Times a scoring subtask swapped in the models of a new registry revision. */
    MODELS_SWAPPED,
    /** Times a scoring subtask could not load a new revision's models and went on with the old ones. */
    MODEL_LOADS_FAILED,
    /** Registry revisions the model watcher refused (a bundle failed the checks); the old models go on. */
    MODEL_REVISIONS_REFUSED,
    /** Drift partials that reached the merge after their window had closed (dropped; should stay 0). */
    DRIFT_LATE_PARTIALS,
    /** Quality partials that reached the merge after their window had closed (dropped; should stay 0). */
    QUALITY_LATE_PARTIALS,
    /** Backfill: training examples written (events before their session's first purchase). */
    EXAMPLES,
    /** Backfill: sessions with at least one example. */
    EXAMPLE_SESSIONS;

    /** The metric group all of the job's own metrics are registered under. */
    public static final String GROUP = "intentstream";
    /** Gauge: events held on a scoring subtask until the watermark passes them. */
    public static final String EVENTS_WAITING_FOR_WATERMARK = "events_waiting_for_watermark";

    /** Histogram: wall-clock ms from parsing an event to emitting its score. */
    public static final String SCORING_LATENCY_MS = "scoring_latency_ms";
    /** Histogram: wall-clock ms between an event's time and its score (how far behind real time the job runs). */
    public static final String EVENT_TIME_LAG_MS = "event_time_lag_ms";
    /** Histogram: the propensities emitted, in thousandths (Flink histograms hold whole numbers). */
    public static final String PROPENSITY_PERMILLE = "propensity_permille";
    /** Gauge: 1 for each model version a scoring subtask scores with (label {@value #LABEL_MODEL_VERSION}). */
    public static final String MODEL_ACTIVE = "model_active";
    /** Counter: dead letters, by label {@value #LABEL_REASON}. */
    public static final String DEAD_LETTERS = "dead_letters";

    /** Gauge: PSI of a monitored value in the last complete window (labels model version and feature). */
    public static final String DRIFT_PSI = "drift_psi";
    /** Gauge: complete windows in a row, up to the last, in which a value's PSI was above 0.25. */
    public static final String DRIFT_SIGNIFICANT_WINDOWS_IN_A_ROW = "drift_significant_windows_in_a_row";
    /** Gauge: share of the monitored features whose PSI was above 0.25 in the last complete window. */
    public static final String DRIFT_SHARE_DRIFTED_FEATURES = "drift_share_drifted_features";
    /** Gauge: scored events in the last complete drift window. */
    public static final String DRIFT_WINDOW_EVENTS = "drift_window_events";
    /** Gauge: end of the last complete drift window, epoch seconds. */
    public static final String DRIFT_WINDOW_END_SECONDS = "drift_window_end_seconds";

    /** Gauges of live model quality over the sessions of the last complete window. */
    public static final String QUALITY_SESSIONS = "quality_sessions";
    public static final String QUALITY_CONVERSIONS = "quality_conversions";
    public static final String QUALITY_ROC_AUC = "quality_roc_auc";
    public static final String QUALITY_PR_AUC = "quality_pr_auc";
    public static final String QUALITY_BRIER = "quality_brier";
    public static final String QUALITY_MEAN_PREDICTED = "quality_mean_predicted";
    public static final String QUALITY_OBSERVED_RATE = "quality_observed_rate";
    public static final String QUALITY_WINDOW_END_SECONDS = "quality_window_end_seconds";
    /** Gauge: the bundle's own test-session ROC AUC, the baseline of the live AUC. */
    public static final String QUALITY_TEST_ROC_AUC = "quality_test_roc_auc";

    /** Label keys (Flink key-value metric groups; Prometheus labels). */
    public static final String LABEL_MODEL_VERSION = "model_version";
    public static final String LABEL_FEATURE = "feature";
    public static final String LABEL_REASON = "reason";

    private final String metricName = name().toLowerCase(Locale.ROOT);

    /** The name as registered, e.g. {@code events_scored}. */
    public String metricName() {
        return metricName;
    }

    /** The per-reason count of rejected inputs, e.g. {@code events_rejected_malformed_json}. */
    public static String rejected(RejectReason reason) {
        return EVENTS_REJECTED.metricName + "_" + reason.code();
    }

    /** This count summed over all subtasks of a finished job; 0 when nothing was counted. */
    public long total(JobExecutionResult result) {
        return total(result, metricName);
    }

    /** A count by its registered name (e.g. from {@link #rejected}), summed over all subtasks. */
    public static long total(JobExecutionResult result, String metricName) {
        Object value = result.getAccumulatorResult(metricName);
        return value == null ? 0 : (Long) value;
    }
}
