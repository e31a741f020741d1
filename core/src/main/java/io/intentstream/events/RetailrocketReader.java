package io.intentstream.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads the Retailrocket layout ({@code timestamp,visitorid,event,itemid,transactionid}) and cuts
 * each visitor's events into sessions after a gap of inactivity (30 minutes by default).
 *
 * <p>Retailrocket has no session ids, so this needs all of a visitor's events; it sorts them in
 * memory. Session ids are {@code <visitorid>-<session start millis>}, independent of file order.
 */
public final class RetailrocketReader {
    public static final long DEFAULT_SESSION_GAP_MILLIS = 30 * 60 * 1000L;
    private static final int COLUMNS = 5;

    private final ValidationRules rules;
    private final long sessionGapMillis;

    public RetailrocketReader(ValidationRules rules, long sessionGapMillis) {
        // Retailrocket files are history, and parseLine has no wall clock (it validates with now = 0), so a
        // live-mode future-skew limit would reject every row as event_time_in_future: it is switched off here.
        this.rules = rules.withAliases(Map.of("addtocart", EventType.CART, "transaction", EventType.PURCHASE))
                .withMaxFutureSkewMillis(-1);
        this.sessionGapMillis = sessionGapMillis;
    }

    /** One input line and what became of it. */
    public static final class Row {
        public final long lineNumber;
        public final String raw;
        public ParseResult result;

        Row(long lineNumber, String raw, ParseResult result) {
            this.lineNumber = lineNumber;
            this.raw = raw;
            this.result = result;
        }
    }

    public static boolean isHeader(String line) {
        return line.startsWith("timestamp,");
    }

    /** Parses one line without a session id; {@link #sessionise} fills it in. */
    public ParseResult parseLine(String line) {
        String[] f = new String[COLUMNS];
        ParseResult malformed = CsvFields.splitRecord(line, f, rules.maxRecordBytes());
        if (malformed != null) {
            return malformed;
        }
        ClickEvent e = new ClickEvent();
        try {
            e.eventTime = Long.parseLong(f[0]);
        } catch (NumberFormatException ex) {
            return ParseResult.rejected(RejectReason.INVALID_EVENT_TIME, JsonEventParser.truncate(f[0]));
        }
        e.userId = f[1].isEmpty() ? null : f[1];
        if (f[2].isEmpty()) {
            return ParseResult.rejected(RejectReason.MISSING_FIELD, "event_type");
        }
        e.eventType = rules.resolveEventType(f[2]);
        if (e.eventType == null) {
            return ParseResult.rejected(RejectReason.UNKNOWN_EVENT_TYPE, JsonEventParser.truncate(f[2]));
        }
        e.productId = f[3].isEmpty() ? null : f[3];
        // Validated with a placeholder session id; the real one is assigned after sorting.
        e.sessionId = "pending";
        ParseResult invalid = rules.check(e, 0L);
        if (invalid != null) {
            return invalid;
        }
        e.sessionId = null;
        return ParseResult.valid(e);
    }

    /**
     * Assigns session ids and event ids to the valid rows and returns all rows with the valid ones
     * in event-time order (ties in file order), followed by nothing else: rejected rows keep their place
     * relative to each other and are returned first.
     */
    public List<Row> sessionise(List<Row> rows) {
        List<Row> valid = new ArrayList<>(rows.size());
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            (r.result.isValid() ? valid : out).add(r);
        }
        valid.sort(Comparator.<Row, String>comparing(r -> r.result.event().userId)
                .thenComparingLong(r -> r.result.event().eventTime)
                .thenComparingLong(r -> r.lineNumber));
        String user = null;
        long last = Long.MIN_VALUE;
        String session = null;
        for (Row r : valid) {
            ClickEvent e = r.result.event();
            if (!e.userId.equals(user) || e.eventTime - last >= sessionGapMillis) {
                user = e.userId;
                session = e.userId + "-" + e.eventTime;
            }
            last = e.eventTime;
            e.sessionId = session;
            e.eventId = EventIds.derive(e);
        }
        valid.sort(Comparator.<Row>comparingLong(r -> r.result.event().eventTime).thenComparingLong(r -> r.lineNumber));
        out.addAll(valid);
        return out;
    }
}
