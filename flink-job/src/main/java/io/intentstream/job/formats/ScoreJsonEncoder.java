package io.intentstream.job.formats;

import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.Timestamps;
import io.intentstream.job.records.ScoreRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.Encoder;

/** The results stream's record: one JSON object per score (fields in docs/outputs.md). */
public final class ScoreJsonEncoder implements Encoder<ScoreRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(ScoreRecord r, OutputStream out) throws IOException {
        // One write per line: the file sink's part-file stream is unbuffered, so every write is a system call.
        out.write(json(r).append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Also the Kafka and Kinesis message value. */
    public static String toJson(ScoreRecord r) {
        return json(r).toString();
    }

    private static StringBuilder json(ScoreRecord r) {
        // A score without reasons is about 260 characters: a builder of 256 would grow, copying, on every line.
        StringBuilder sb = new StringBuilder(384);
        sb.append("{\"event_id\":");
        JsonEventWriter.string(r.eventId, sb);
        sb.append(",\"session_id\":");
        JsonEventWriter.string(r.sessionId, sb);
        sb.append(",\"user_id\":");
        JsonEventWriter.string(r.userId, sb);
        sb.append(",\"event_time\":\"");
        Timestamps.appendUtc(r.eventTime, sb);
        sb.append('"');
        sb.append(",\"scored_at\":\"");
        Timestamps.appendUtc(r.scoredAt, sb);
        sb.append('"');
        sb.append(",\"model_version\":");
        JsonEventWriter.string(r.modelVersion, sb);
        sb.append(",\"arm\":");
        JsonEventWriter.string(r.arm, sb);
        sb.append(",\"propensity\":").append(r.propensity);
        if (r.reasonFeatures != null) {
            sb.append(",\"reasons\":[");
            for (int i = 0; i < r.reasonFeatures.length; i++) {
                sb.append(i == 0 ? "{\"feature\":" : ",{\"feature\":");
                JsonEventWriter.string(r.reasonFeatures[i], sb);
                sb.append(",\"contribution\":").append(r.reasonContributions[i]).append('}');
            }
            sb.append(']');
        }
        sb.append('}');
        return sb;
    }
}
