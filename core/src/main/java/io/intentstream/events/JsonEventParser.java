package io.intentstream.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Parses one JSON event (the contract in docs/events.md) into a {@link ClickEvent} or a rejection.
 *
 * <p>Uses Jackson's streaming parser: no tree, no reflection. Never throws on any input.
 * Not thread-safe only in the sense that it holds a {@link JsonFactory}, which is itself thread-safe,
 * so one instance may be shared.
 */
public final class JsonEventParser implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ValidationRules rules;
    private transient JsonFactory factory;

    public JsonEventParser(ValidationRules rules) {
        this.rules = rules;
    }

    private JsonFactory factory() {
        if (factory == null) {
            factory = JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64)
                            .maxStringLength(rules.maxRecordBytes())
                            .maxNumberLength(64)
                            .build())
                    .build();
        }
        return factory;
    }

    public ValidationRules rules() {
        return rules;
    }

    /** Parses raw bytes (as read from Kafka or Kinesis), UTF-8. */
    public ParseResult parse(byte[] bytes, long nowMillis) {
        if (bytes == null) {
            return ParseResult.rejected(RejectReason.INVALID_JSON, "null record");
        }
        if (bytes.length > rules.maxRecordBytes()) {
            return ParseResult.rejected(RejectReason.RECORD_TOO_LARGE, bytes.length + " bytes");
        }
        try (JsonParser p = factory().createParser(bytes)) {
            return parse(p, nowMillis);
        } catch (IOException | RuntimeException e) {
            return ParseResult.rejected(RejectReason.INVALID_JSON, shortMessage(e));
        }
    }

    /** Parses one line of text. */
    public ParseResult parse(String line, long nowMillis) {
        if (line == null) {
            return ParseResult.rejected(RejectReason.INVALID_JSON, "null record");
        }
        // A char is at most 3 UTF-8 bytes; only measure exactly when the cheap bound is exceeded.
        if (line.length() * 3L > rules.maxRecordBytes()
                && line.getBytes(StandardCharsets.UTF_8).length > rules.maxRecordBytes()) {
            return ParseResult.rejected(RejectReason.RECORD_TOO_LARGE, line.length() + " characters");
        }
        try (JsonParser p = factory().createParser(line)) {
            return parse(p, nowMillis);
        } catch (IOException | RuntimeException e) {
            return ParseResult.rejected(RejectReason.INVALID_JSON, shortMessage(e));
        }
    }

    private ParseResult parse(JsonParser p, long nowMillis) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            return ParseResult.rejected(RejectReason.INVALID_JSON, "empty record");
        }
        if (first != JsonToken.START_OBJECT) {
            p.skipChildren();
            // The token's name, as in wrong_type details: asString() is null for numbers and strings.
            return ParseResult.rejected(RejectReason.NOT_AN_OBJECT, "top-level " + first.name());
        }
        ClickEvent e = new ClickEvent();
        e.eventTime = Timestamps.INVALID;
        String eventTypeText = null;
        boolean sawEventTime = false;
        ParseResult fieldError = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (fieldError != null) {
                p.skipChildren();
                continue;
            }
            switch (name) {
                case "event_time":
                    sawEventTime = v != JsonToken.VALUE_NULL;
                    fieldError = readEventTime(p, v, e);
                    break;
                case "event_type":
                    if (v == JsonToken.VALUE_STRING) {
                        eventTypeText = p.getText();
                    } else if (v != JsonToken.VALUE_NULL) {
                        fieldError = wrongType(name, v);
                    }
                    break;
                case "price":
                    fieldError = readPrice(p, v, e);
                    break;
                case "event_id":
                case "session_id":
                case "user_id":
                case "product_id":
                case "category_id":
                    if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) {
                        setIdentifier(e, name, p.getText());
                    } else if (v != JsonToken.VALUE_NULL) {
                        fieldError = wrongType(name, v);
                    }
                    break;
                case "category_code":
                case "brand":
                case "device_type":
                case "channel":
                    if (v == JsonToken.VALUE_STRING) {
                        setDescriptor(e, name, p.getText());
                    } else if (v != JsonToken.VALUE_NULL) {
                        fieldError = wrongType(name, v);
                    }
                    break;
                default:
                    // Unknown fields are ignored so producers can add fields before we read them.
                    p.skipChildren();
            }
            if (fieldError != null) {
                // A wrong-typed object or array value must be skipped whole; otherwise its inner tokens are read
                // as fields of the event and the record ends up as invalid_json instead of wrong_type.
                p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            return ParseResult.rejected(RejectReason.INVALID_JSON, "unterminated object");
        }
        if (p.nextToken() != null) {
            return ParseResult.rejected(RejectReason.INVALID_JSON, "trailing content after the object");
        }
        if (fieldError != null) {
            return fieldError;
        }
        if (!sawEventTime) {
            return ParseResult.rejected(RejectReason.MISSING_FIELD, "event_time");
        }
        if (eventTypeText == null) {
            return ParseResult.rejected(RejectReason.MISSING_FIELD, "event_type");
        }
        e.eventType = rules.resolveEventType(eventTypeText);
        if (e.eventType == null) {
            return ParseResult.rejected(RejectReason.UNKNOWN_EVENT_TYPE, truncate(eventTypeText));
        }
        ParseResult invalid = rules.check(e, nowMillis);
        if (invalid != null) {
            return invalid;
        }
        if (e.eventId == null) {
            e.eventId = EventIds.derive(e);
        }
        return ParseResult.valid(e);
    }

    private static ParseResult readEventTime(JsonParser p, JsonToken v, ClickEvent e) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
                return ParseResult.rejected(RejectReason.INVALID_EVENT_TIME, "epoch milliseconds out of range");
            }
            e.eventTime = p.getLongValue();
            return null;
        }
        if (v == JsonToken.VALUE_STRING) {
            String text = p.getText();
            long parsed = isAllDigits(text) && text.length() <= 15 ? Long.parseLong(text) : Timestamps.parseIsoOffset(text);
            if (parsed == Timestamps.INVALID) {
                return ParseResult.rejected(RejectReason.INVALID_EVENT_TIME, truncate(text));
            }
            e.eventTime = parsed;
            return null;
        }
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        return wrongType("event_time", v);
    }

    private static ParseResult readPrice(JsonParser p, JsonToken v, ClickEvent e) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            double price = p.getDoubleValue();
            if (!Double.isFinite(price) || price < 0) {
                return ParseResult.rejected(RejectReason.INVALID_PRICE, p.getText());
            }
            e.price = price;
            return null;
        }
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        p.skipChildren();
        return ParseResult.rejected(RejectReason.INVALID_PRICE, "price is not a number");
    }

    private static ParseResult wrongType(String field, JsonToken v) {
        return ParseResult.rejected(RejectReason.WRONG_TYPE, field + " has JSON type " + v.name());
    }

    private static void setIdentifier(ClickEvent e, String field, String value) {
        switch (field) {
            case "event_id":
                e.eventId = value;
                break;
            case "session_id":
                e.sessionId = value;
                break;
            case "user_id":
                e.userId = value;
                break;
            case "product_id":
                e.productId = value;
                break;
            default:
                e.categoryId = value;
        }
    }

    private static void setDescriptor(ClickEvent e, String field, String text) {
        // Empty descriptors mean "unknown", as an empty CSV cell does.
        String value = text.isEmpty() ? null : text;
        switch (field) {
            case "category_code":
                e.categoryCode = value;
                break;
            case "brand":
                e.brand = value;
                break;
            case "device_type":
                e.deviceType = value;
                break;
            default:
                e.channel = value;
        }
    }

    private static boolean isAllDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static String truncate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private static String shortMessage(Exception e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return truncate(nl < 0 ? m : m.substring(0, nl));
    }
}
