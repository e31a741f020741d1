package io.intentstream.events;

/** Writes events in the JSON contract (docs/events.md), by hand, so it costs no reflection or tree per event. */
public final class JsonEventWriter {
    private JsonEventWriter() {}

    /** Appends one event as a single-line JSON object (no trailing newline). */
    public static void write(ClickEvent e, StringBuilder out) {
        out.append("{\"event_id\":");
        string(e.eventId, out);
        out.append(",\"event_time\":\"");
        Timestamps.appendUtc(e.eventTime, out);
        out.append('"');
        out.append(",\"event_type\":\"").append(e.eventType.wireName()).append('"');
        out.append(",\"session_id\":");
        string(e.sessionId, out);
        out.append(",\"user_id\":");
        string(e.userId, out);
        optional("product_id", e.productId, out);
        optional("category_id", e.categoryId, out);
        optional("category_code", e.categoryCode, out);
        optional("brand", e.brand, out);
        if (!Double.isNaN(e.price)) {
            out.append(",\"price\":").append(e.price);
        }
        optional("device_type", e.deviceType, out);
        optional("channel", e.channel, out);
        out.append('}');
    }

    public static String toJson(ClickEvent e) {
        StringBuilder sb = new StringBuilder(256);
        write(e, sb);
        return sb.toString();
    }

    private static void optional(String name, String value, StringBuilder out) {
        if (value != null) {
            out.append(",\"").append(name).append("\":");
            string(value, out);
        }
    }

    /** A JSON string literal with the escapes RFC 8259 requires. */
    public static void string(String s, StringBuilder out) {
        if (s == null) {
            out.append("null");
            return;
        }
        if (!needsEscaping(s)) {
            // The common case (ids, types, names) in one copy instead of a char at a time.
            out.append('"').append(s).append('"');
            return;
        }
        out.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static boolean needsEscaping(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }
}
