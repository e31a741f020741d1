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
    /** Scores by shadow models (archive only), one per event and shadow model. */
    SHADOW_SCORES,
    /** Times a scoring subtask swapped in the models of a new registry revision. */
    MODELS_SWAPPED,
    /** Times a scoring subtask could not load a new revision's models and went on with the old ones. */
    MODEL_LOADS_FAILED,
    /** Registry revisions the model watcher refused (a bundle failed the checks); the old models go on. */
    MODEL_REVISIONS_REFUSED;

    /** The metric group all of the job's own metrics are registered under. */
    public static final String GROUP = "intentstream";
    /** Gauge: events held on a scoring subtask until the watermark passes them. */
    public static final String EVENTS_WAITING_FOR_WATERMARK = "events_waiting_for_watermark";

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
