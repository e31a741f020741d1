package io.intentstream.generator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Local clock and traffic shape: hour of day and day of week in the configured zone, and how busy
 * the shop is at a given instant relative to its daily mean.
 *
 * <p>The zone offset is cached until the zone's next transition, so daylight-saving changes are
 * honoured without a zone lookup per call.
 */
final class Seasonality {
    /** Relative traffic by local hour: quiet nights, a lunchtime plateau, an evening peak. */
    private static final double[] HOURLY = {
        0.45, 0.30, 0.20, 0.15, 0.15, 0.20, 0.35, 0.55, 0.80, 1.00, 1.10, 1.15,
        1.20, 1.20, 1.15, 1.15, 1.20, 1.30, 1.45, 1.60, 1.70, 1.65, 1.35, 0.90
    };
    /** Relative traffic Monday to Sunday: Saturday is the quiet day, Sunday evening the busiest. */
    private static final double[] WEEKLY = {1.00, 1.00, 1.00, 1.00, 0.95, 0.88, 1.10};
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private final ZoneRules rules;
    private final double strength;
    private final double hourlyMean;
    private final double weeklyMean;
    private final double max;
    private long cachedFrom = Long.MAX_VALUE;
    private long cachedUntil = Long.MIN_VALUE;
    private long cachedOffset;

    Seasonality(ZoneId zone, double strength) {
        this.rules = zone.getRules();
        this.strength = strength;
        double h = 0;
        for (double v : HOURLY) {
            h += v;
        }
        double w = 0;
        for (double v : WEEKLY) {
            w += v;
        }
        hourlyMean = h / HOURLY.length;
        weeklyMean = w / WEEKLY.length;
        double hMax = 0;
        for (double v : HOURLY) {
            hMax = Math.max(hMax, v / hourlyMean);
        }
        double wMax = 0;
        for (double v : WEEKLY) {
            wMax = Math.max(wMax, v / weeklyMean);
        }
        max = 1 + strength * (hMax * wMax - 1);
    }

    /** Local wall-clock milliseconds for an instant. */
    long local(long epochMillis) {
        if (epochMillis < cachedFrom || epochMillis >= cachedUntil) {
            Instant at = Instant.ofEpochMilli(epochMillis);
            cachedOffset = rules.getOffset(at).getTotalSeconds() * 1000L;
            ZoneOffsetTransition prev = rules.previousTransition(at);
            ZoneOffsetTransition next = rules.nextTransition(at);
            cachedFrom = prev == null ? Long.MIN_VALUE : prev.getInstant().toEpochMilli();
            cachedUntil = next == null ? Long.MAX_VALUE : next.getInstant().toEpochMilli();
            if (cachedFrom > epochMillis) {
                cachedFrom = epochMillis;
            }
        }
        return epochMillis + cachedOffset;
    }

    /** Local hour of day as a fraction, in [0, 24). */
    double hourOfDay(long epochMillis) {
        return Math.floorMod(local(epochMillis), DAY) / (double) HOUR;
    }

    /** Local day of week, Monday = 0. */
    int dayOfWeek(long epochMillis) {
        // 1970-01-01 was a Thursday.
        return (int) Math.floorMod(Math.floorDiv(local(epochMillis), DAY) + 3, 7L);
    }

    /** Traffic relative to the long-run mean (1.0), blended with flat traffic by the strength. */
    double factor(long epochMillis) {
        double hour = hourOfDay(epochMillis);
        // Interpolate between hour midpoints so traffic has no steps at the full hour.
        double pos = hour - 0.5;
        int i = (int) Math.floor(pos);
        double frac = pos - i;
        double a = HOURLY[Math.floorMod(i, 24)];
        double b = HOURLY[Math.floorMod(i + 1, 24)];
        double hourly = (a + (b - a) * frac) / hourlyMean;
        double weekly = WEEKLY[dayOfWeek(epochMillis)] / weeklyMean;
        return 1 + strength * (hourly * weekly - 1);
    }

    /** An upper bound of {@link #factor}, for thinning. */
    double maxFactor() {
        return max;
    }

    static boolean isWeekend(int dayOfWeek) {
        return dayOfWeek >= 5;
    }
}
