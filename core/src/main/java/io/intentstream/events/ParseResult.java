package io.intentstream.events;

/** Either a valid event or the reason the input was rejected; parsers return this and never throw. */
public final class ParseResult {
    private final ClickEvent event;
    private final RejectReason reason;
    private final String detail;

    private ParseResult(ClickEvent event, RejectReason reason, String detail) {
        this.event = event;
        this.reason = reason;
        this.detail = detail;
    }

    public static ParseResult valid(ClickEvent event) {
        return new ParseResult(event, null, null);
    }

    public static ParseResult rejected(RejectReason reason, String detail) {
        return new ParseResult(null, reason, detail);
    }

    public boolean isValid() {
        return event != null;
    }

    /** The event, or {@code null} when rejected. */
    public ClickEvent event() {
        return event;
    }

    /** The reason, or {@code null} when valid. */
    public RejectReason reason() {
        return reason;
    }

    /** A short human-readable explanation (field name, offending value), or {@code null}. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return isValid() ? "valid(" + event + ")" : "rejected(" + reason.code() + ": " + detail + ")";
    }
}
