package io.intentstream.events;

import java.io.Serializable;

/** Turns one line of an input layout into an event or a rejection; implementations never throw. */
public interface LineParser extends Serializable {
    ParseResult parse(String line, long nowMillis);

    /** Whether the line is a header to skip rather than a record. */
    default boolean isHeader(String line) {
        return false;
    }
}
