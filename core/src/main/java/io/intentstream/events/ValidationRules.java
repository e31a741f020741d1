package io.intentstream.events;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The checks every input passes before it becomes a {@link ClickEvent} (documented in docs/events.md).
 *
 * <p>Immutable and serializable so one instance can be shipped to every parallel parser.
 */
public final class ValidationRules implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_IDENTIFIER_LENGTH = 256;
    /** Earliest accepted event time: anything before 2000 is a broken clock or a unit mix-up. */
    public static final long DEFAULT_MIN_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    /** Latest accepted event time, whatever the live skew setting. */
    public static final long DEFAULT_MAX_EVENT_TIME = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    private final int maxRecordBytes;
    private final int maxIdentifierLength;
    private final long minEventTime;
    private final long maxEventTime;
    /** Live mode: reject event times this far past the wall clock. Negative disables (replay of history). */
    private final long maxFutureSkewMillis;
    private final Map<String, EventType> aliases;

    private ValidationRules(
            int maxRecordBytes,
            int maxIdentifierLength,
            long minEventTime,
            long maxEventTime,
            long maxFutureSkewMillis,
            Map<String, EventType> aliases) {
        if (maxRecordBytes <= 0 || maxIdentifierLength <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxRecordBytes = maxRecordBytes;
        this.maxIdentifierLength = maxIdentifierLength;
        this.minEventTime = minEventTime;
        this.maxEventTime = maxEventTime;
        this.maxFutureSkewMillis = maxFutureSkewMillis;
        this.aliases = Collections.unmodifiableMap(new HashMap<>(aliases));
    }

    public static ValidationRules defaults() {
        return new ValidationRules(
                DEFAULT_MAX_RECORD_BYTES,
                DEFAULT_MAX_IDENTIFIER_LENGTH,
                DEFAULT_MIN_EVENT_TIME,
                DEFAULT_MAX_EVENT_TIME,
                -1,
                Map.of());
    }

    public ValidationRules withMaxRecordBytes(int bytes) {
        return new ValidationRules(bytes, maxIdentifierLength, minEventTime, maxEventTime, maxFutureSkewMillis, aliases);
    }

    public ValidationRules withMaxIdentifierLength(int length) {
        return new ValidationRules(maxRecordBytes, length, minEventTime, maxEventTime, maxFutureSkewMillis, aliases);
    }

    public ValidationRules withMaxFutureSkewMillis(long skew) {
        return new ValidationRules(maxRecordBytes, maxIdentifierLength, minEventTime, maxEventTime, skew, aliases);
    }

    /** Adds aliases such as {@code addtocart -> cart}; keys are matched case-insensitively. */
    public ValidationRules withAliases(Map<String, EventType> extra) {
        Map<String, EventType> merged = new HashMap<>(aliases);
        extra.forEach((k, v) -> merged.put(k.toLowerCase(Locale.ROOT), v));
        return new ValidationRules(maxRecordBytes, maxIdentifierLength, minEventTime, maxEventTime, maxFutureSkewMillis, merged);
    }

    /** Parses {@code "addtocart=cart,transaction=purchase"}. */
    public static Map<String, EventType> parseAliases(String spec) {
        Map<String, EventType> out = new HashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String pair : spec.split(",")) {
            String[] kv = pair.split("=", 2);
            EventType target = kv.length == 2 ? EventType.fromWireName(kv[1].trim()) : null;
            if (target == null) {
                throw new IllegalArgumentException("bad event type alias '" + pair + "': expected name=view|cart|remove_from_cart|purchase");
            }
            out.put(kv[0].trim().toLowerCase(Locale.ROOT), target);
        }
        return out;
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public int maxIdentifierLength() {
        return maxIdentifierLength;
    }

    public long maxFutureSkewMillis() {
        return maxFutureSkewMillis;
    }

    public Map<String, EventType> aliases() {
        return aliases;
    }

    /** Resolves a wire name or alias to a type, or {@code null}. */
    public EventType resolveEventType(String name) {
        EventType type = EventType.fromWireName(name);
        if (type != null || name == null || aliases.isEmpty()) {
            return type;
        }
        return aliases.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Checks identifier, price and time rules on an event whose fields are already typed.
     *
     * @param nowMillis wall-clock time, used only when a future-skew limit is set
     * @return {@code null} when valid, else the rejection
     */
    public ParseResult check(ClickEvent e, long nowMillis) {
        ParseResult r = checkIdentifier("session_id", e.sessionId, true);
        if (r == null) {
            r = checkIdentifier("user_id", e.userId, true);
        }
        if (r == null) {
            r = checkIdentifier("event_id", e.eventId, false);
        }
        if (r == null) {
            r = checkIdentifier("product_id", e.productId, false);
        }
        if (r == null) {
            r = checkIdentifier("category_id", e.categoryId, false);
        }
        if (r != null) {
            return r;
        }
        if (Double.isInfinite(e.price) || e.price < 0) {
            return ParseResult.rejected(RejectReason.INVALID_PRICE, "price " + e.price);
        }
        if (e.eventTime < minEventTime || e.eventTime >= maxEventTime) {
            return ParseResult.rejected(RejectReason.EVENT_TIME_OUT_OF_RANGE, "event_time " + e.eventTime);
        }
        if (maxFutureSkewMillis >= 0 && e.eventTime > nowMillis + maxFutureSkewMillis) {
            return ParseResult.rejected(
                    RejectReason.EVENT_TIME_IN_FUTURE, "event_time " + e.eventTime + " is ahead of now " + nowMillis);
        }
        return null;
    }

    private ParseResult checkIdentifier(String field, String value, boolean required) {
        if (value == null) {
            return required ? ParseResult.rejected(RejectReason.MISSING_FIELD, field) : null;
        }
        if (value.isEmpty()) {
            return ParseResult.rejected(RejectReason.EMPTY_IDENTIFIER, field);
        }
        if (value.length() > maxIdentifierLength) {
            return ParseResult.rejected(RejectReason.IDENTIFIER_TOO_LONG, field + " has " + value.length() + " characters");
        }
        return null;
    }
}
