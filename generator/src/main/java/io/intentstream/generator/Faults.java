package io.intentstream.generator;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Noise and faults: bot sessions, and per distinct event the chance of a duplicate, an out-of-order or
 * late delivery, or a malformed copy (docs/generator.md, "Noise and faults").
 *
 * @param botRate share of sessions (not events) that are bots
 * @param malformedKinds the kinds a malformed copy is drawn from, with equal chance
 */
public record Faults(double botRate, double duplicateRate, double outOfOrderRate, Duration disorderBound, double lateRate,
        Duration lateMaxDelay, double malformedRate, Set<MalformedKind> malformedKinds) {

    public Faults {
        Check.that(disorderBound != null && lateMaxDelay != null && malformedKinds != null,
                "disorder-bound, late-max-delay and malformed-kinds must be set");
        // Held-back events are timed in whole milliseconds (as the ground truth shows them).
        disorderBound = Duration.ofMillis(disorderBound.toMillis());
        lateMaxDelay = Duration.ofMillis(lateMaxDelay.toMillis());
        // An EnumSet iterates in declaration order, which the draw of a kind depends on.
        EnumSet<MalformedKind> kinds = EnumSet.noneOf(MalformedKind.class);
        kinds.addAll(malformedKinds);
        malformedKinds = Collections.unmodifiableSet(kinds);
        Check.probability(botRate, "bot-rate");
        Check.probability(duplicateRate, "duplicate-rate");
        Check.probability(outOfOrderRate, "out-of-order-rate");
        Check.probability(lateRate, "late-rate");
        Check.probability(malformedRate, "malformed-rate");
        Check.that(duplicateRate + outOfOrderRate + lateRate <= 1,
                "duplicate-rate + out-of-order-rate + late-rate must not exceed 1 (each event gets at most one of them)");
        Check.that(disorderBound.toMillis() >= 1, "disorder-bound must be at least 1 ms");
        Check.that(lateMaxDelay.toMillis() > disorderBound.toMillis(), "late-max-delay must exceed disorder-bound");
        Check.that(malformedRate == 0 || !malformedKinds.isEmpty(),
                "malformed-kinds must not be empty when malformed-rate > 0");
    }
}
