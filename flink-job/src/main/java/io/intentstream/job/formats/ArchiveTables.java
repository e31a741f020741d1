package io.intentstream.job.formats;

import io.intentstream.features.FeatureSchema;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import java.util.List;

/** The Parquet archive's tables and their columns (documented in docs/archive.md). */
public final class ArchiveTables {
    private ArchiveTables() {}

    /** Every score with the full feature vector, one column per feature, named as in the model bundle. */
    public static ParquetColumns<ScoreRecord> scores() {
        ParquetColumns<ScoreRecord> t = ParquetColumns.<ScoreRecord>table("scores")
                .string("event_id", r -> r.eventId)
                .string("session_id", r -> r.sessionId)
                .string("user_id", r -> r.userId)
                .category("event_type", r -> r.eventType)
                .timestamp("event_time", r -> r.eventTime)
                .timestamp("scored_at", r -> r.scoredAt)
                .category("model_version", r -> r.modelVersion)
                .float32("propensity", 0, (r, i) -> r.propensity)
                .bool("out_of_order", r -> r.outOfOrder);
        List<String> names = FeatureSchema.names();
        for (int i = 0; i < names.size(); i++) {
            t.float32("f_" + names.get(i), i, (r, index) -> r.features[index]);
        }
        return t;
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
                .float32("last_propensity_before_conversion", 0, (o, i) -> o.lastPropensityBeforeConversion)
                .category("model_version", o -> o.modelVersion)
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
}
