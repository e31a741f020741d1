package io.intentstream.job.formats;

import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.Timestamps;
import io.intentstream.job.records.UserScoreRecord;

/**
 * A user-level prediction as one JSON object, the message value on the Kafka and Kinesis user-scores streams: the
 * {@link UserScoreRecord} fields in snake_case, the event time as ISO-8601 UTC (the archive's {@code user_scores}
 * columns).
 */
public final class UserScoreJson {
    private UserScoreJson() {}

    public static String toJson(UserScoreRecord r) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"user_id\":");
        JsonEventWriter.string(r.userId, sb);
        sb.append(",\"event_id\":");
        JsonEventWriter.string(r.eventId, sb);
        sb.append(",\"event_time\":\"");
        Timestamps.appendUtc(r.eventTime, sb);
        sb.append("\",\"target\":");
        JsonEventWriter.string(r.target, sb);
        sb.append(",\"model_version\":");
        JsonEventWriter.string(r.modelVersion, sb);
        sb.append(",\"value\":");
        // JSON has no NaN or infinity.
        if (Float.isFinite(r.value)) {
            sb.append(r.value);
        } else {
            sb.append("null");
        }
        sb.append('}');
        return sb.toString();
    }
}
