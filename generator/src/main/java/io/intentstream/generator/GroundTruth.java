package io.intentstream.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.evaluation.Metrics;
import io.intentstream.events.RejectReason;
import io.intentstream.events.Timestamps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader for the generator's ground-truth side file (format in docs/generator.md): sessions by id with
 * their latent intent and outcome, and the deliberately broken or disordered lines by position.
 *
 * <p>{@link #read} holds the whole file in memory, which suits tests and evaluation runs; for very large
 * runs use {@link #stream} and keep only what you need.
 */
public final class GroundTruth {
    /** One session's hidden truth. */
    public static final class SessionTruth {
        public final String sessionId;
        public final String userId;
        /** The latent purchase probability the session's behaviour was drawn from (0 for bots). */
        public final double intent;
        /** Whether a purchase event of this session was written. */
        public final boolean converted;
        public final boolean bot;
        public final long startTime;
        public final long endTime;
        public final int events;
        public final int views;
        public final int carts;
        public final int removes;
        public final int purchases;
        public final String deviceType;
        public final String channel;
        public final boolean drifted;
        /** Cut off by the event limit before its natural end. */
        public final boolean truncated;

        SessionTruth(JsonNode n) {
            sessionId = n.get("session_id").asText();
            userId = n.get("user_id").asText();
            intent = n.get("intent").asDouble();
            converted = n.get("converted").asBoolean();
            bot = n.get("bot").asBoolean();
            startTime = Timestamps.parseIsoOffset(n.get("start_time").asText());
            endTime = Timestamps.parseIsoOffset(n.get("end_time").asText());
            events = n.get("events").asInt();
            views = n.get("views").asInt();
            carts = n.get("carts").asInt();
            removes = n.get("removes").asInt();
            purchases = n.get("purchases").asInt();
            deviceType = n.get("device_type").asText();
            channel = n.get("channel").asText();
            drifted = n.get("drifted").asBoolean();
            truncated = n.get("truncated").asBoolean();
        }
    }

    /** A malformed, duplicated, out-of-order or late line, by where it was written. */
    public static final class LineTruth {
        public final LineKind kind;
        /** Output file name relative to the output directory, or {@code -} for a single stream. */
        public final String file;
        /** 1-based line number within the file (a CSV header is line 1). */
        public final long line;
        /** 0-based position among all lines of the run (headers not counted). */
        public final long ordinal;
        public final String sessionId;
        /** Id of the event the line carries or was broken from (the JSON event_id; CSV lines carry none). */
        public final String eventId;
        public final long eventTime;
        /** For malformed lines: what was broken; otherwise {@code null}. */
        public final MalformedKind malformedKind;
        /** For malformed lines: the reason the parser must reject it with; otherwise {@code null}. */
        public final RejectReason reason;
        /** For held-back lines: how long the event was held back; otherwise 0. */
        public final long delayMillis;
        public final String note;

        LineTruth(JsonNode n) {
            boolean malformed = n.get("type").asText().equals("malformed");
            kind = malformed ? LineKind.MALFORMED : LineKind.fromCode(n.get("fault").asText());
            file = n.get("file").asText();
            line = n.get("line").asLong();
            ordinal = n.get("ordinal").asLong();
            sessionId = n.get("session_id").asText();
            eventId = n.get("event_id").asText();
            eventTime = Timestamps.parseIsoOffset(n.get("event_time").asText());
            malformedKind = malformed ? MalformedKind.fromOptionName(n.get("kind").asText()) : null;
            reason = malformed ? RejectReason.fromCode(n.get("reason").asText()) : null;
            delayMillis = malformed ? 0 : n.get("delay_ms").asLong();
            note = malformed ? n.get("note").asText() : null;
        }
    }

    /** Receives records while streaming a file. */
    public interface Visitor {
        default void header(Map<String, String> options) {}

        default void session(SessionTruth session) {}

        default void line(LineTruth line) {}

        default void summary(Map<String, Long> counts) {}
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, String> options = new LinkedHashMap<>();
    private final Map<String, SessionTruth> sessions = new LinkedHashMap<>();
    private final List<LineTruth> lines = new ArrayList<>();
    private final Map<String, LineTruth> byPosition = new HashMap<>();
    private final Map<String, Long> summary = new LinkedHashMap<>();

    private GroundTruth() {}

    public static GroundTruth read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r);
        }
    }

    public static GroundTruth read(Reader reader) throws IOException {
        GroundTruth t = new GroundTruth();
        stream(reader, new Visitor() {
            @Override
            public void header(Map<String, String> options) {
                t.options.putAll(options);
            }

            @Override
            public void session(SessionTruth s) {
                t.sessions.put(s.sessionId, s);
            }

            @Override
            public void line(LineTruth l) {
                t.lines.add(l);
                t.byPosition.put(l.file + ':' + l.line, l);
            }

            @Override
            public void summary(Map<String, Long> counts) {
                t.summary.putAll(counts);
            }
        });
        return t;
    }

    /** Streams a ground-truth file record by record. */
    public static void stream(Reader reader, Visitor visitor) throws IOException {
        BufferedReader r = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
        String text;
        long number = 0;
        while ((text = r.readLine()) != null) {
            number++;
            if (text.isEmpty()) {
                continue;
            }
            JsonNode n = MAPPER.readTree(text);
            String type = n.path("type").asText();
            switch (type) {
                case "header": {
                    int version = n.path("format_version").asInt();
                    if (version != GroundTruthWriter.FORMAT_VERSION) {
                        throw new IOException("ground-truth format version " + version + " is not supported (expected "
                                + GroundTruthWriter.FORMAT_VERSION + ")");
                    }
                    Map<String, String> options = new LinkedHashMap<>();
                    n.path("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
                    visitor.header(options);
                    break;
                }
                case "session":
                    visitor.session(new SessionTruth(n));
                    break;
                case "malformed":
                case "fault":
                    visitor.line(new LineTruth(n));
                    break;
                case "summary": {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    n.fields().forEachRemaining(e -> {
                        if (e.getValue().isNumber()) {
                            counts.put(e.getKey(), e.getValue().asLong());
                        }
                    });
                    visitor.summary(counts);
                    break;
                }
                default:
                    throw new IOException("ground-truth line " + number + ": unknown record type '" + type + "'");
            }
        }
    }

    /** The generator options of the run, by option name. */
    public Map<String, String> options() {
        return Collections.unmodifiableMap(options);
    }

    /** Sessions by session id, in the order they ended. */
    public Map<String, SessionTruth> sessions() {
        return Collections.unmodifiableMap(sessions);
    }

    public SessionTruth session(String sessionId) {
        return sessions.get(sessionId);
    }

    /** Malformed and disordered lines in output order. */
    public List<LineTruth> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** The record for a file and 1-based line number, or {@code null} when that line is a plain event. */
    public LineTruth lineAt(String file, long line) {
        return byPosition.get(file + ':' + line);
    }

    /** The run's closing counts (events, lines, sessions, ...); empty if the run did not finish. */
    public Map<String, Long> summary() {
        return Collections.unmodifiableMap(summary);
    }

    /**
     * ROC AUC of ranking non-bot sessions by latent intent against whether they converted: the best
     * ranking any model of the observable events can expect to reach on the same sessions.
     */
    public double oracleAuc() {
        int n = 0;
        for (SessionTruth s : sessions.values()) {
            n += s.bot ? 0 : 1;
        }
        double[] scores = new double[n];
        boolean[] labels = new boolean[n];
        int i = 0;
        for (SessionTruth s : sessions.values()) {
            if (!s.bot) {
                scores[i] = s.intent;
                labels[i] = s.converted;
                i++;
            }
        }
        return auc(scores, labels);
    }

    /** ROC AUC, ties counted as half (see {@link Metrics#rocAuc}). NaN without both classes. */
    public static double auc(double[] scores, boolean[] labels) {
        return Metrics.rocAuc(scores, labels);
    }
}
