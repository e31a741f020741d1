package io.intentstream.job.connectors;

import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.Timestamps;
import io.intentstream.job.records.SessionOutcome;

/** A session outcome as one JSON object: the message value of the Kafka (and Kinesis) outcomes stream. */
public final class SessionOutcomeJsonEncoder {
    private SessionOutcomeJsonEncoder() {}

    /**
     * Field names and meanings follow the archive's {@code session_outcomes} table (docs/outputs.md); times
     * are ISO-8601 UTC, and "none" is {@code null} rather than a sentinel number.
     */
    public static String toJson(SessionOutcome o) {
        StringBuilder sb = new StringBuilder(320);
        sb.append("{\"session_id\":");
        JsonEventWriter.string(o.sessionId, sb);
        sb.append(",\"user_id\":");
        JsonEventWriter.string(o.userId, sb);
        sb.append(",\"first_event_time\":\"").append(Timestamps.formatUtc(o.firstEventTime)).append('"');
        sb.append(",\"last_event_time\":\"").append(Timestamps.formatUtc(o.lastEventTime)).append('"');
        sb.append(",\"event_count\":").append(o.eventCount);
        sb.append(",\"converted\":").append(o.converted);
        sb.append(",\"first_purchase_time\":");
        if (o.hasFirstPurchase()) {
            sb.append('"').append(Timestamps.formatUtc(o.firstPurchaseTime)).append('"');
        } else {
            sb.append("null");
        }
        sb.append(",\"last_propensity_before_conversion\":");
        // JSON has no NaN; a session without any score has no such propensity.
        if (Float.isNaN(o.lastPropensityBeforeConversion)) {
            sb.append("null");
        } else {
            sb.append(o.lastPropensityBeforeConversion);
        }
        sb.append(",\"model_version\":");
        JsonEventWriter.string(o.modelVersion, sb);
        sb.append('}');
        return sb.toString();
    }
}
