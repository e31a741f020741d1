package io.intentstream.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * Writes the ground-truth side file (format in docs/generator.md): a header, one record per session
 * when it ends, one per malformed or deliberately disordered line, and a closing summary.
 */
final class GroundTruthWriter implements GenerationEngine.SessionListener {
    static final int FORMAT_VERSION = 1;

    private final Writer out;
    private final StringBuilder sb = new StringBuilder(256);
    private final ByteLine time = new ByteLine();
    long convertedSessions;

    GroundTruthWriter(Writer out) {
        this.out = out;
    }

    void header(GeneratorConfig config) {
        sb.setLength(0);
        sb.append("{\"type\":\"header\",\"format_version\":").append(FORMAT_VERSION)
                .append(",\"events_format\":\"").append(config.layout().format().optionName()).append("\",\"options\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : config.describe().entrySet()) {
            sb.append(first ? "" : ",");
            string(e.getKey());
            sb.append(':');
            string(e.getValue());
            first = false;
        }
        sb.append("}}");
        flushLine();
    }

    @Override
    public void sessionEnded(Session s, boolean truncated) {
        if (s.converted()) {
            convertedSessions++;
        }
        if (out == null) {
            return;
        }
        sb.setLength(0);
        sb.append("{\"type\":\"session\",\"session_id\":");
        string(ascii(s.sessionIdBytes));
        sb.append(",\"user_id\":");
        string(ascii(s.userIdBytes));
        sb.append(",\"intent\":").append(s.intent)
                .append(",\"converted\":").append(s.converted())
                .append(",\"bot\":").append(s.bot)
                .append(",\"start_time\":");
        isoTime(s.startTime);
        sb.append(",\"end_time\":");
        isoTime(s.lastTime);
        sb.append(",\"events\":").append(s.events)
                .append(",\"views\":").append(s.views)
                .append(",\"carts\":").append(s.carts)
                .append(",\"removes\":").append(s.removes)
                .append(",\"purchases\":").append(s.purchases)
                .append(",\"device_type\":\"").append(SessionFactory.DEVICES[s.device])
                .append("\",\"channel\":\"").append(SessionFactory.CHANNELS[s.channel])
                .append("\",\"drifted\":").append(s.drifted)
                .append(",\"truncated\":").append(truncated)
                .append('}');
        flushLine();
    }

    /** Records a malformed, duplicate or held-back line at its place in the output. */
    void line(GenerationEngine engine, String file, long lineNumber, long ordinal) {
        if (out == null || engine.lineKind == LineKind.EVENT) {
            return;
        }
        EventRecord r = engine.lineRecord;
        sb.setLength(0);
        sb.append("{\"type\":\"").append(engine.lineKind == LineKind.MALFORMED ? "malformed" : "fault").append('"');
        if (engine.lineKind == LineKind.MALFORMED) {
            sb.append(",\"kind\":\"").append(engine.lineMalformedKind.optionName())
                    .append("\",\"reason\":\"").append(engine.lineMalformedKind.reason(engine.config.layout().format()).code()).append('"');
        } else {
            sb.append(",\"fault\":\"").append(engine.lineKind.code()).append('"');
        }
        sb.append(",\"file\":");
        string(file);
        sb.append(",\"line\":").append(lineNumber).append(",\"ordinal\":").append(ordinal).append(",\"session_id\":");
        string(ascii(r.session.sessionIdBytes));
        sb.append(",\"event_id\":");
        string(r.eventId());
        sb.append(",\"event_time\":");
        isoTime(r.time);
        if (engine.lineKind == LineKind.MALFORMED) {
            sb.append(",\"note\":");
            string(engine.lineNote);
        } else {
            sb.append(",\"delay_ms\":").append(engine.lineDelay);
        }
        sb.append('}');
        flushLine();
    }

    void summary(GenerationSummary s) {
        if (out == null) {
            return;
        }
        sb.setLength(0);
        sb.append("{\"type\":\"summary\",\"events\":").append(s.events())
                .append(",\"lines\":").append(s.lines())
                .append(",\"sessions\":").append(s.sessions())
                .append(",\"bot_sessions\":").append(s.botSessions())
                .append(",\"converted_sessions\":").append(s.convertedSessions())
                .append(",\"duplicates\":").append(s.duplicates())
                .append(",\"out_of_order\":").append(s.outOfOrder())
                .append(",\"late\":").append(s.late())
                .append(",\"malformed\":").append(s.malformed())
                .append('}');
        flushLine();
    }

    private void isoTime(long millis) {
        time.reset();
        time.appendIsoTime(millis);
        sb.append('"');
        for (int i = 0; i < time.len; i++) {
            sb.append((char) time.buf[i]);
        }
        sb.append('"');
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    private static String ascii(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void flushLine() {
        if (out == null) {
            return;
        }
        try {
            sb.append('\n');
            out.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ground-truth file", e);
        }
    }
}
