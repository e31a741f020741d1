package io.intentstream.events;

/** Why an input record was not applied. The codes are part of the documented contract (docs/events.md). */
public enum RejectReason {
    RECORD_TOO_LARGE("record_too_large"),
    INVALID_JSON("invalid_json"),
    NOT_AN_OBJECT("not_an_object"),
    INVALID_CSV("invalid_csv"),
    MISSING_FIELD("missing_field"),
    WRONG_TYPE("wrong_type"),
    UNKNOWN_EVENT_TYPE("unknown_event_type"),
    INVALID_EVENT_TIME("invalid_event_time"),
    EVENT_TIME_OUT_OF_RANGE("event_time_out_of_range"),
    EVENT_TIME_IN_FUTURE("event_time_in_future"),
    INVALID_PRICE("invalid_price"),
    EMPTY_IDENTIFIER("empty_identifier"),
    IDENTIFIER_TOO_LONG("identifier_too_long"),
    LATE("late"),
    BOT_SESSION("bot_session"),
    SCORING_ERROR("scoring_error");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The stable code written to dead-letter outputs. */
    public String code() {
        return code;
    }

    public static RejectReason fromCode(String code) {
        for (RejectReason r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown reject reason code: " + code);
    }
}
