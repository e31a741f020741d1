package io.intentstream.job.formats;

import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.Timestamps;
import io.intentstream.job.records.DeadLetter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.Encoder;

/** Dead letters as JSON lines: reason code, detail, origin, time and the raw input. */
public final class DeadLetterJsonEncoder implements Encoder<DeadLetter> {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(DeadLetter d, OutputStream out) throws IOException {
        // One write per line: the file sink's part-file stream is unbuffered, so every write is a system call.
        out.write(json(d).append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String toJson(DeadLetter d) {
        return json(d).toString();
    }

    private static StringBuilder json(DeadLetter d) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"reason\":");
        JsonEventWriter.string(d.reason, sb);
        sb.append(",\"detail\":");
        JsonEventWriter.string(d.detail, sb);
        sb.append(",\"origin\":");
        JsonEventWriter.string(d.origin, sb);
        sb.append(",\"rejected_at\":\"");
        Timestamps.appendUtc(d.rejectedAt, sb);
        sb.append('"');
        sb.append(",\"raw\":");
        JsonEventWriter.string(d.raw, sb);
        sb.append('}');
        return sb;
    }
}
