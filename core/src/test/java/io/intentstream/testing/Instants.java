package io.intentstream.testing;

import java.time.Duration;
import java.time.Instant;

/**
 * Named instants for scenario tests, so a test reads "view at START, cart at PLUS_10S" instead of raw epoch millis.
 *
 * <p>{@link #START} is the first second of the REES46 extract (a Tuesday). The daylight-saving instants are the
 * exact UTC moments at which the clocks change; one millisecond earlier is still on the old offset.
 */
public final class Instants {
    /** Tuesday 2019-10-01 00:00:00 UTC. */
    public static final Instant START = Instant.parse("2019-10-01T00:00:00Z");
    public static final Instant PLUS_1S = START.plusSeconds(1);
    public static final Instant PLUS_2S = START.plusSeconds(2);
    public static final Instant PLUS_10S = START.plusSeconds(10);
    public static final Instant PLUS_30S = START.plusSeconds(30);
    public static final Instant PLUS_1M = START.plus(Duration.ofMinutes(1));
    public static final Instant PLUS_29M = START.plus(Duration.ofMinutes(29));
    public static final Instant PLUS_30M = START.plus(Duration.ofMinutes(30));
    public static final Instant PLUS_1H = START.plus(Duration.ofHours(1));
    public static final Instant PLUS_23H = START.plus(Duration.ofHours(23));
    public static final Instant PLUS_24H = START.plus(Duration.ofHours(24));
    public static final Instant PLUS_25H = START.plus(Duration.ofHours(25));
    public static final Instant PLUS_49H = START.plus(Duration.ofHours(49));

    /** Saturday 2019-10-05 12:00 UTC. */
    public static final Instant SATURDAY_NOON = Instant.parse("2019-10-05T12:00:00Z");
    /** Sunday 2019-10-06 23:59:59 UTC, the last second of a weekend. */
    public static final Instant SUNDAY_LAST_SECOND = Instant.parse("2019-10-06T23:59:59Z");
    /** Monday 2019-10-07 00:00 UTC, the first instant after a weekend. */
    public static final Instant MONDAY_MIDNIGHT = Instant.parse("2019-10-07T00:00:00Z");

    /** Europe/Berlin, Sunday 2019-10-27: 03:00 CEST (+02:00) becomes 02:00 CET (+01:00). */
    public static final Instant BERLIN_FALL_BACK = Instant.parse("2019-10-27T01:00:00Z");
    /** Europe/Berlin, Sunday 2019-03-31: 02:00 CET (+01:00) becomes 03:00 CEST (+02:00). */
    public static final Instant BERLIN_SPRING_FORWARD = Instant.parse("2019-03-31T01:00:00Z");
    /** America/New_York, Sunday 2019-03-10: 02:00 EST (-05:00) becomes 03:00 EDT (-04:00). */
    public static final Instant NEW_YORK_SPRING_FORWARD = Instant.parse("2019-03-10T07:00:00Z");
    /** America/New_York, Sunday 2019-11-03: 02:00 EDT (-04:00) becomes 01:00 EST (-05:00). */
    public static final Instant NEW_YORK_FALL_BACK = Instant.parse("2019-11-03T06:00:00Z");

    private Instants() {}

    /** Epoch milliseconds, the unit of {@link io.intentstream.events.ClickEvent#eventTime}. */
    public static long millis(Instant at) {
        return at.toEpochMilli();
    }

    public static Instant plusMillis(Instant at, long millis) {
        return at.plusMillis(millis);
    }
}
