package io.intentstream.job.formats;

import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.Timestamps;
import io.intentstream.job.records.SessionOutcome;

/**
 * A session outcome as one JSON object, the message value on the Kafka and Kinesis outcomes streams: the
 * {@link SessionOutcome} fields in snake_case, times as ISO-8601 UTC, {@code null} where the session has
 * no first purchase or no score (the same columns as the archive's {@code session_outcomes} table).
 */
public final class SessionOutcomeJson {
    private SessionOutcomeJson() {}

    public static String toJson(SessionOutcome o) {
        StringBuilder sb = new StringBuilder(320);
        sb.append("{\"session_id\":");
        JsonEventWriter.string(o.sessionId, sb);
        sb.append(",\"user_id\":");
        JsonEventWriter.string(o.userId, sb);
        sb.append(",\"first_event_time\":\"");
        Timestamps.appendUtc(o.firstEventTime, sb);
        sb.append('"');
        sb.append(",\"last_event_time\":\"");
        Timestamps.appendUtc(o.lastEventTime, sb);
        sb.append('"');
        sb.append(",\"event_count\":").append(o.eventCount);
        sb.append(",\"converted\":").append(o.converted);
        sb.append(",\"first_purchase_time\":");
        if (o.hasFirstPurchase()) {
            sb.append('"').append(Timestamps.formatUtc(o.firstPurchaseTime)).append('"');
        } else {
            sb.append("null");
        }
        sb.append(",\"last_propensity_before_conversion\":");
        // JSON has no NaN: a session without any score says null.
        if (Float.isNaN(o.lastPropensityBeforeConversion)) {
            sb.append("null");
        } else {
            sb.append(o.lastPropensityBeforeConversion);
        }
        sb.append(",\"model_version\":");
        JsonEventWriter.string(o.modelVersion, sb);
        sb.append(",\"arm\":");
        JsonEventWriter.string(o.arm, sb);
        sb.append(",\"judged_bot\":").append(o.judgedBot);
        sb.append('}');
        return sb.toString();
    }
}
