package io.intentstream.events;

/**
 * Derives the event id of an event that arrives without one.
 *
 * <p>The id depends only on the event's content, so a tracker that sends the same event twice
 * produces the same id twice and the duplicate is recognised, in the job and in the trainer alike.
 * The flip side, documented in docs/events.md: two events with identical content are one event.
 */
public final class EventIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EventIds() {}

    public static String derive(ClickEvent e) {
        StringBuilder canonical = new StringBuilder(160);
        canonical.append(e.eventTime).append('|')
                .append(e.eventType == null ? "" : e.eventType.wireName()).append('|');
        appendField(canonical, e.sessionId);
        appendField(canonical, e.userId);
        appendField(canonical, e.productId);
        appendField(canonical, e.categoryId);
        appendField(canonical, e.categoryCode);
        appendField(canonical, e.brand);
        // Double.toString is exact and locale-free; NaN (absent) gets its own token.
        canonical.append(Double.isNaN(e.price) ? "-" : Double.toString(e.price)).append('|');
        appendField(canonical, e.deviceType);
        appendField(canonical, e.channel);
        long h1 = Hashing.hash64(canonical);
        long h2 = Hashing.hash64Alt(canonical);
        char[] out = new char[32];
        writeHex(h1, out, 0);
        writeHex(h2, out, 16);
        return new String(out);
    }

    private static void appendField(StringBuilder sb, String value) {
        if (value != null) {
            // Length prefix keeps "ab"+"c" and "a"+"bc" apart.
            sb.append(value.length()).append(':').append(value);
        }
        sb.append('|');
    }

    private static void writeHex(long v, char[] out, int offset) {
        for (int i = 15; i >= 0; i--) {
            out[offset + i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
    }
}
