package io.intentstream.generator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Concept drift: sessions starting at or after {@code driftAt} get shifted intent, prices and device mix
 * (docs/generator.md, "Drift"). Components are named after their options.
 *
 * @param driftAt the instant drift begins, or {@code null} for no drift
 * @param driftIntentShift added to the mission log-odds of every drifted session
 */
public record Drift(Instant driftAt, double driftIntentShift, double driftPriceFactor, double driftMobileShare) {

    public Drift {
        // Session starts are whole milliseconds; so is the instant they are compared with.
        driftAt = driftAt == null ? null : driftAt.truncatedTo(ChronoUnit.MILLIS);
        Check.that(driftPriceFactor > 0, "drift-price-factor must be positive");
        Check.probability(driftMobileShare, "drift-mobile-share");
    }

    /** Whether a session starting at this epoch millisecond is drifted. */
    boolean drifts(long sessionStartMillis) {
        return driftAt != null && sessionStartMillis >= driftAt.toEpochMilli();
    }
}
