package io.intentstream.events;

import java.io.Serializable;

/**
 * Parses lines of the REES46 CSV layout
 * ({@code event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session}).
 */
public final class Rees46CsvParser implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String HEADER =
            "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";
    private static final int COLUMNS = 9;

    private final ValidationRules rules;

    public Rees46CsvParser(ValidationRules rules) {
        this.rules = rules;
    }

    public static boolean isHeader(String line) {
        return line.startsWith("event_time,");
    }

    public ParseResult parse(String line, long nowMillis) {
        if (line == null) {
            return ParseResult.rejected(RejectReason.INVALID_CSV, "null record");
        }
        String[] f = new String[COLUMNS];
        ParseResult malformed = CsvFields.splitRecord(line, f, rules.maxRecordBytes());
        if (malformed != null) {
            return malformed;
        }
        ClickEvent e = new ClickEvent();
        e.eventTime = Timestamps.parseRees46(f[0]);
        if (e.eventTime == Timestamps.INVALID) {
            return ParseResult.rejected(RejectReason.INVALID_EVENT_TIME, JsonEventParser.truncate(f[0]));
        }
        if (f[1].isEmpty()) {
            return ParseResult.rejected(RejectReason.MISSING_FIELD, "event_type");
        }
        e.eventType = rules.resolveEventType(f[1]);
        if (e.eventType == null) {
            return ParseResult.rejected(RejectReason.UNKNOWN_EVENT_TYPE, JsonEventParser.truncate(f[1]));
        }
        e.productId = emptyToNull(f[2]);
        e.categoryId = emptyToNull(f[3]);
        e.categoryCode = emptyToNull(f[4]);
        e.brand = emptyToNull(f[5]);
        if (!f[6].isEmpty()) {
            try {
                e.price = Double.parseDouble(f[6]);
            } catch (NumberFormatException ex) {
                return ParseResult.rejected(RejectReason.INVALID_PRICE, JsonEventParser.truncate(f[6]));
            }
            if (Double.isNaN(e.price)) {
                return ParseResult.rejected(RejectReason.INVALID_PRICE, f[6]);
            }
        }
        e.userId = emptyToNull(f[7]);
        e.sessionId = emptyToNull(f[8]);
        ParseResult invalid = rules.check(e, nowMillis);
        if (invalid != null) {
            return invalid;
        }
        e.eventId = EventIds.derive(e);
        return ParseResult.valid(e);
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
