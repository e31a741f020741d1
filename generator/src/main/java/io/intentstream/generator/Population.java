package io.intentstream.generator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * Who generates traffic and when: the seed, the user population, the time span and its traffic shape,
 * and the catalog the users browse. Components are named after their options (docs/generator.md).
 *
 * @param maxEvents stop after this many distinct events; 0 means no limit
 */
public record Population(long seed, int users, Instant start, Duration duration, long maxEvents,
        double sessionsPerUserPerDay, double userActivitySpread, ZoneId zone, double seasonality, long catalogSeed,
        int products) {
    // The event contract accepts times in [2000, 2100); every generated valid event must pass it.
    private static final Instant EARLIEST_START = Instant.parse("2000-01-02T00:00:00Z");
    private static final Instant LATEST_END = Instant.parse("2099-12-01T00:00:00Z");

    public Population {
        Check.that(start != null && duration != null && zone != null, "start, duration and zone must be set");
        // The generator counts in epoch milliseconds; whole milliseconds here keep the ground-truth header
        // equal to what was generated.
        start = start.truncatedTo(ChronoUnit.MILLIS);
        duration = Duration.ofMillis(duration.toMillis());
        Check.that(users >= 1, "users must be at least 1");
        Check.that(duration.toMillis() > 0, "duration must be positive");
        Check.that(!start.isBefore(EARLIEST_START) && start.plus(duration).isBefore(LATEST_END),
                "start and end must lie between 2000 and 2099 (the event contract's accepted range)");
        Check.that(maxEvents >= 0, "max-events must not be negative");
        Check.that(sessionsPerUserPerDay > 0, "sessions-per-user-per-day must be positive");
        Check.that(userActivitySpread >= 0 && userActivitySpread <= 3, "user-activity-spread must be in [0, 3]");
        Check.probability(seasonality, "seasonality");
        Check.that(products >= 1_000 && products <= 100_000_000, "products must be in [1000, 100000000]");
    }

    long startMillis() {
        return start.toEpochMilli();
    }

    long endMillis() {
        return start.toEpochMilli() + duration.toMillis();
    }
}
