package io.intentstream.features;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Local hour of day and day of week of epoch-millisecond instants in one time zone.
 *
 * <p>Caches the UTC offset for the span between two daylight-saving transitions, so the common case
 * is two arithmetic operations and no allocation; crossing a transition recomputes the span.
 * Not thread-safe: one per feature engine.
 */
final class CalendarClock {
    private final ZoneRules rules;
    private long spanStart = Long.MAX_VALUE;
    private long spanEnd = Long.MIN_VALUE;
    private long offsetMillis;

    CalendarClock(String zone) {
        this.rules = ZoneId.of(zone).getRules();
    }

    private long localMillis(long epochMillis) {
        if (epochMillis < spanStart || epochMillis >= spanEnd) {
            recompute(epochMillis);
        }
        return epochMillis + offsetMillis;
    }

    private void recompute(long epochMillis) {
        Instant instant = Instant.ofEpochMilli(epochMillis);
        ZoneOffset offset = rules.getOffset(instant);
        offsetMillis = offset.getTotalSeconds() * 1000L;
        if (rules.isFixedOffset()) {
            spanStart = Long.MIN_VALUE;
            spanEnd = Long.MAX_VALUE;
            return;
        }
        ZoneOffsetTransition previous = rules.previousTransition(instant.plusMillis(1));
        ZoneOffsetTransition next = rules.nextTransition(instant);
        spanStart = previous == null ? Long.MIN_VALUE : previous.toEpochSecond() * 1000L;
        spanEnd = next == null ? Long.MAX_VALUE : next.toEpochSecond() * 1000L;
    }

    /** 0..23 in local time. */
    int hourOfDay(long epochMillis) {
        return (int) (Math.floorMod(localMillis(epochMillis), 86_400_000L) / 3_600_000L);
    }

    /** ISO day of week in local time: 1 = Monday .. 7 = Sunday. */
    int dayOfWeek(long epochMillis) {
        long epochDay = Math.floorDiv(localMillis(epochMillis), 86_400_000L);
        // 1970-01-01 was a Thursday (4).
        return (int) Math.floorMod(epochDay + 3, 7L) + 1;
    }
}
