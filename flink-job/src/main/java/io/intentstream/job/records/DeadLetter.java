package io.intentstream.job.records;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.JsonEventWriter;

/** An input that was not applied, with the reason code from docs/events.md and where it came from. */
public class DeadLetter {
    /** The raw input, truncated beyond a limit. */
    public String raw;
    public String reason;
    public String detail;
    /** Source position, when known. */
    public String origin;
    /** Wall-clock time of the rejection, epoch ms UTC. */
    public long rejectedAt;

    public DeadLetter() {}

    public static DeadLetter of(String raw, int maxRawChars, String reason, String detail, String origin, long now) {
        DeadLetter d = new DeadLetter();
        d.raw = raw == null || raw.length() <= maxRawChars ? raw : raw.substring(0, maxRawChars);
        d.reason = reason;
        d.detail = detail;
        d.origin = origin;
        d.rejectedAt = now;
        return d;
    }

    /** A valid event that was not applied or not scored; its raw form is the event as JSON. */
    public static DeadLetter ofEvent(ClickEvent event, int maxRawChars, String reason, String detail, long now) {
        return of(JsonEventWriter.toJson(event), maxRawChars, reason, detail, event.origin, now);
    }
}
