package io.intentstream.job.formats;

import io.intentstream.features.FeatureSchema;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.job.records.DriftRow;
import io.intentstream.job.records.QualityRow;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.job.records.UserScoreRecord;
import java.util.List;

/** The Parquet archive's tables and their columns (documented in docs/archive.md). */
public final class ArchiveTables {
    private ArchiveTables() {}

    /** Every score with the full feature vector, one column per feature, named as in the model bundle. */
    public static ParquetColumns<ScoreRecord> scores() {
        return scores(0);
    }

    /**
     * As {@link #scores()}, and with {@code --explain k} the reasons after the features: {@code reason_<i>} (a
     * feature name, strongest first) and {@code reason_<i>_contribution} (log-odds), null where an event was not
     * explained.
     */
    public static ParquetColumns<ScoreRecord> scores(int explainTopK) {
        ParquetColumns<ScoreRecord> t = scores("scores");
        for (int i = 0; i < explainTopK; i++) {
            final int reason = i;
            t.category("reason_" + (i + 1), r -> hasReason(r, reason) ? r.reasonFeatures[reason] : null);
            t.float32("reason_" + (i + 1) + "_contribution", r -> hasReason(r, reason)
                    ? r.reasonContributions[reason] : Float.NaN);
        }
        return t;
    }

    /** The feature columns' names: {@code f_} and the feature's name in the model bundle. */
    public static List<String> featureColumns() {
        return FeatureSchema.names().stream().map(name -> "f_" + name).toList();
    }

    private static boolean hasReason(ScoreRecord r, int i) {
        return r.reasonFeatures != null && i < r.reasonFeatures.length;
    }

    /** The shadow models' scores, with the same columns as {@link #scores()}. */
    public static ParquetColumns<ScoreRecord> shadowScores() {
        return scores("shadow_scores");
    }

    private static ParquetColumns<ScoreRecord> scores(String name) {
        ParquetColumns<ScoreRecord> t = ParquetColumns.<ScoreRecord>table(name)
                .string("event_id", r -> r.eventId)
                .string("session_id", r -> r.sessionId)
                .string("user_id", r -> r.userId)
                .category("event_type", r -> r.eventType)
                .timestamp("event_time", r -> r.eventTime)
                .timestamp("scored_at", r -> r.scoredAt)
                .category("model_version", r -> r.modelVersion)
                .category("arm", r -> r.arm)
                .float32("propensity", r -> r.propensity)
                .bool("out_of_order", r -> r.outOfOrder);
        return t.float32Vector(featureColumns(), r -> r.features);
    }

    public static ParquetColumns<SessionOutcome> sessionOutcomes() {
        return ParquetColumns.<SessionOutcome>table("session_outcomes")
                .string("session_id", o -> o.sessionId)
                .string("user_id", o -> o.userId)
                .timestamp("first_event_time", o -> o.firstEventTime)
                .timestamp("last_event_time", o -> o.lastEventTime)
                .int32("event_count", o -> o.eventCount)
                .bool("converted", o -> o.converted)
                .timestamp("first_purchase_time", o -> o.hasFirstPurchase() ? o.firstPurchaseTime : ParquetColumns.NO_TIME)
                .float32("last_propensity_before_conversion", o -> o.lastPropensityBeforeConversion)
                .category("model_version", o -> o.modelVersion)
                .category("arm", o -> o.arm)
                .bool("judged_bot", o -> o.judgedBot);
    }

    public static ParquetColumns<DeadLetter> deadLetters() {
        return ParquetColumns.<DeadLetter>table("dead_letters")
                .category("reason", d -> d.reason)
                .string("detail", d -> d.detail)
                .string("origin", d -> d.origin)
                .timestamp("rejected_at", d -> d.rejectedAt)
                .string("raw", d -> d.raw);
    }

    /** User-level predictions at purchase events (docs/outputs.md). */
    public static ParquetColumns<UserScoreRecord> userScores() {
        return ParquetColumns.<UserScoreRecord>table("user_scores")
                .string("user_id", r -> r.userId)
                .string("event_id", r -> r.eventId)
                .timestamp("event_time", r -> r.eventTime)
                .category("target", r -> r.target)
                .category("model_version", r -> r.modelVersion)
                .float32("value", r -> r.value);
    }

    /** Registry revisions the job activated or refused, with why. */
    public static ParquetColumns<ModelUpdate> modelEvents() {
        return ParquetColumns.<ModelUpdate>table("model_events")
                .timestamp("at", u -> u.at)
                .category("model", u -> u.model)
                .int64("revision", u -> u.revision)
                .category("kind", u -> u.kind)
                .string("version", u -> u.version)
                .string("detail", u -> u.detail);
    }

    /** One row per monitored value (a feature, or {@code propensity}) per closed window and model version. */
    public static ParquetColumns<DriftRow> drift() {
        return ParquetColumns.<DriftRow>table("drift")
                .timestamp("window_start", r -> r.windowStart)
                .timestamp("window_end", r -> r.windowEnd)
                .category("model_version", r -> r.modelVersion)
                .category("feature", r -> r.feature)
                .float64("psi", r -> r.psi)
                .category("level", r -> r.level)
                .int64("events", r -> r.events);
    }

    /** One row per closed window and model version: live quality over the sessions whose last event fell in it. */
    public static ParquetColumns<QualityRow> modelQuality() {
        return ParquetColumns.<QualityRow>table("model_quality")
                .timestamp("window_start", r -> r.windowStart)
                .timestamp("window_end", r -> r.windowEnd)
                .category("model_version", r -> r.modelVersion)
                .int64("sessions", r -> r.sessions)
                .int64("conversions", r -> r.conversions)
                .float64("roc_auc", r -> r.rocAuc)
                .float64("pr_auc", r -> r.prAuc)
                .float64("brier", r -> r.brier)
                .float64("mean_predicted", r -> r.meanPredicted)
                .float64("observed_rate", r -> r.observedRate);
    }
}
