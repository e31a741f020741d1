package io.intentstream.generator;

import io.intentstream.events.RejectReason;
import java.util.Locale;

/**
 * The kinds of broken lines the generator can inject, each with the reject reason the event parsers
 * (with {@code ValidationRules.defaults()}) give it.
 */
public enum MalformedKind {
    /** A line cut short: broken JSON, or a CSV line with too few columns. */
    INVALID_SYNTAX("invalid_syntax", RejectReason.INVALID_JSON, RejectReason.INVALID_CSV),
    /** One of event_time, event_type, session_id, user_id left out (CSV: an empty type, user or session). */
    MISSING_FIELD("missing_field", RejectReason.MISSING_FIELD, RejectReason.MISSING_FIELD),
    /** An event type outside the contract, such as {@code click}. */
    UNKNOWN_EVENT_TYPE("unknown_event_type", RejectReason.UNKNOWN_EVENT_TYPE, RejectReason.UNKNOWN_EVENT_TYPE),
    /** A price below zero. */
    NEGATIVE_PRICE("negative_price", RejectReason.INVALID_PRICE, RejectReason.INVALID_PRICE),
    /** A price that is text, such as {@code "n/a"}. */
    NON_NUMERIC_PRICE("non_numeric_price", RejectReason.INVALID_PRICE, RejectReason.INVALID_PRICE),
    /** A calendar-impossible time such as February 30 or hour 24. */
    IMPOSSIBLE_TIMESTAMP("impossible_timestamp", RejectReason.INVALID_EVENT_TIME, RejectReason.INVALID_EVENT_TIME),
    /** A well-formed time far outside the accepted range: seconds sent as milliseconds, or microseconds. */
    OUT_OF_RANGE_TIMESTAMP(
            "out_of_range_timestamp", RejectReason.EVENT_TIME_OUT_OF_RANGE, RejectReason.EVENT_TIME_OUT_OF_RANGE);

    private final String optionName;
    private final RejectReason jsonReason;
    private final RejectReason csvReason;

    MalformedKind(String optionName, RejectReason jsonReason, RejectReason csvReason) {
        this.optionName = optionName;
        this.jsonReason = jsonReason;
        this.csvReason = csvReason;
    }

    public String optionName() {
        return optionName;
    }

    /** The reason the parser of the given layout rejects such a line with. */
    public RejectReason reason(OutputFormat format) {
        return format == OutputFormat.JSON ? jsonReason : csvReason;
    }

    public static MalformedKind fromOptionName(String name) {
        for (MalformedKind k : values()) {
            if (k.optionName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown malformed kind '" + name + "'");
    }
}
