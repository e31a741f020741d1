package io.intentstream.features;

import static io.intentstream.features.FeatureSchema.DAY_OF_WEEK;
import static io.intentstream.features.FeatureSchema.HOUR_OF_DAY;
import static io.intentstream.features.FeatureSchema.IS_WEEKEND;
import static io.intentstream.testing.Events.SESSION;
import static io.intentstream.testing.Events.view;
import static io.intentstream.testing.Instants.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.testing.SessionReplay;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hour of day, day of week (ISO, 1 = Monday) and weekend flag in the configured zone, including both sides of
 * daylight-saving changes. The engine caches the UTC offset between transitions, so these tests also feed
 * instants across a transition and backwards in time through one engine.
 */
class CalendarFeaturesTest {

    @Test
    void utcIsTheDefaultZone() {
        SessionReplay r = SessionReplay.replay(
                view(SESSION, "p1", 1.0, START),
                view(SESSION, "p1", 1.0, PLUS_23H),
                view(SESSION, "p1", 1.0, PLUS_25H));

        assertThat(calendar(r, 0)).containsExactly(0f, 2f, 0f); // Tuesday 00:00
        assertThat(calendar(r, 1)).containsExactly(23f, 2f, 0f); // Tuesday 23:00
        assertThat(calendar(r, 2)).containsExactly(1f, 3f, 0f); // Wednesday 01:00
    }

    @Test
    void weekendIsSaturdayAndSunday() {
        SessionReplay r = SessionReplay.replay(
                view(SESSION, "p1", 1.0, SATURDAY_NOON),
                view(SESSION, "p1", 1.0, SUNDAY_LAST_SECOND),
                view(SESSION, "p1", 1.0, MONDAY_MIDNIGHT));

        assertThat(calendar(r, 0)).containsExactly(12f, 6f, 1f);
        assertThat(calendar(r, 1)).containsExactly(23f, 7f, 1f);
        assertThat(calendar(r, 2)).containsExactly(0f, 1f, 0f);
    }

    /**
     * Each row: zone, UTC instant, expected local hour, ISO day of week, weekend flag. The instants sit on both
     * sides of the 2019 changes; the late-evening rows are where a stale offset would move the event into the
     * neighbouring day and flip the weekend flag.
     */
    @ParameterizedTest(name = "{0} {1} -> hour {2}, day {3}, weekend {4}")
    @CsvSource({
        // Berlin falls back on Sunday 2019-10-27 at 01:00Z (03:00 CEST -> 02:00 CET): local 02:xx happens twice.
        "Europe/Berlin, 2019-10-26T22:30:00Z, 0, 7, 1", // Sunday 00:30 CEST while UTC is still Saturday
        "Europe/Berlin, 2019-10-27T00:30:00Z, 2, 7, 1", // 02:30 CEST
        "Europe/Berlin, 2019-10-27T00:59:59.999Z, 2, 7, 1",
        "Europe/Berlin, 2019-10-27T01:00:00Z, 2, 7, 1", // 02:00 CET, the repeated hour
        "Europe/Berlin, 2019-10-27T01:30:00Z, 2, 7, 1",
        "Europe/Berlin, 2019-10-27T02:00:00Z, 3, 7, 1",
        "Europe/Berlin, 2019-10-27T22:30:00Z, 23, 7, 1", // Sunday 23:30 CET; +02:00 would say Monday 00:30
        "Europe/Berlin, 2019-10-27T23:00:00Z, 0, 1, 0", // Monday 00:00 CET
        // Berlin springs forward on Sunday 2019-03-31 at 01:00Z (02:00 CET -> 03:00 CEST): local 02:xx never happens.
        "Europe/Berlin, 2019-03-30T23:30:00Z, 0, 7, 1", // Sunday 00:30 CET while UTC is Saturday
        "Europe/Berlin, 2019-03-31T00:59:59.999Z, 1, 7, 1",
        "Europe/Berlin, 2019-03-31T01:00:00Z, 3, 7, 1",
        "Europe/Berlin, 2019-03-31T21:30:00Z, 23, 7, 1",
        "Europe/Berlin, 2019-03-31T22:30:00Z, 0, 1, 0", // Monday 00:30 CEST; +01:00 would say Sunday 23:30
        // New York springs forward on Sunday 2019-03-10 at 07:00Z (02:00 EST -> 03:00 EDT).
        "America/New_York, 2019-03-10T04:30:00Z, 23, 6, 1", // Saturday 23:30 EST while UTC is Sunday
        "America/New_York, 2019-03-10T06:59:59.999Z, 1, 7, 1",
        "America/New_York, 2019-03-10T07:00:00Z, 3, 7, 1",
        "America/New_York, 2019-03-11T03:30:00Z, 23, 7, 1", // Sunday 23:30 EDT while UTC is Monday
        "America/New_York, 2019-03-11T04:00:00Z, 0, 1, 0",
        // New York falls back on Sunday 2019-11-03 at 06:00Z (02:00 EDT -> 01:00 EST): local 01:xx happens twice.
        "America/New_York, 2019-11-03T05:30:00Z, 1, 7, 1", // 01:30 EDT
        "America/New_York, 2019-11-03T06:00:00Z, 1, 7, 1", // 01:00 EST
        "America/New_York, 2019-11-03T06:30:00Z, 1, 7, 1", // 01:30 EST
        "America/New_York, 2019-11-03T07:00:00Z, 2, 7, 1",
        "America/New_York, 2019-11-04T04:30:00Z, 23, 7, 1", // Sunday 23:30 EST; -04:00 would say Monday 00:30
        "America/New_York, 2019-11-04T05:00:00Z, 0, 1, 0",
        // Half-hour and quarter-hour offsets.
        "Asia/Kolkata, 2019-10-05T18:29:59Z, 23, 6, 1",
        "Asia/Kolkata, 2019-10-05T18:30:00Z, 0, 7, 1",
        "Asia/Kathmandu, 2019-10-06T18:15:00Z, 0, 1, 0",
    })
    void localCalendarInTheConfiguredZone(String zone, String utc, int hour, int dayOfWeek, int weekend) {
        float[] v = SessionReplay.replay(FeatureConfig.withTimeZone(zone), view(SESSION, "p1", 1.0, Instant.parse(utc)))
                .at(0);

        assertThat(new float[] {v[HOUR_OF_DAY], v[DAY_OF_WEEK], v[IS_WEEKEND]})
                .containsExactly(hour, dayOfWeek, weekend);
    }

    @Test
    void oneSessionAcrossTheBerlinFallBackSeesTheRepeatedHourTwice() {
        SessionReplay r = SessionReplay.replay(
                FeatureConfig.withTimeZone("Europe/Berlin"),
                view(SESSION, "p1", 1.0, BERLIN_FALL_BACK.minusSeconds(1800)),
                view(SESSION, "p1", 1.0, plusMillis(BERLIN_FALL_BACK, -1)),
                view(SESSION, "p1", 1.0, BERLIN_FALL_BACK),
                view(SESSION, "p1", 1.0, BERLIN_FALL_BACK.plusSeconds(3600)));

        assertThat(List.of(r.feature(0, HOUR_OF_DAY), r.feature(1, HOUR_OF_DAY), r.feature(2, HOUR_OF_DAY),
                        r.feature(3, HOUR_OF_DAY)))
                .containsExactly(2f, 2f, 2f, 3f);
    }

    @Test
    void oneSessionAcrossTheNewYorkSpringForwardSkipsHourTwo() {
        SessionReplay r = SessionReplay.replay(
                FeatureConfig.withTimeZone("America/New_York"),
                view(SESSION, "p1", 1.0, plusMillis(NEW_YORK_SPRING_FORWARD, -1)),
                view(SESSION, "p1", 1.0, NEW_YORK_SPRING_FORWARD));

        assertThat(r.feature(0, HOUR_OF_DAY)).isEqualTo(1f);
        assertThat(r.feature(1, HOUR_OF_DAY)).isEqualTo(3f);
    }

    @Test
    void anEngineSharedBySessionsMovingBackInTimeStillUsesTheRightOffset() {
        // One engine serves many sessions in a Flink subtask, so after a summer event it may see a winter one.
        SessionFeatureEngine engine = new SessionFeatureEngine(FeatureConfig.withTimeZone("Europe/Berlin"));
        SessionReplay afterChange = new SessionReplay(engine);
        SessionReplay beforeChange = new SessionReplay(engine);

        afterChange.apply(view("after", "p1", 1.0, BERLIN_SPRING_FORWARD));
        beforeChange.apply(view("before", "p1", 1.0, plusMillis(BERLIN_SPRING_FORWARD, -1)));
        afterChange.apply(view("after", "p1", 1.0, BERLIN_SPRING_FORWARD.plusSeconds(60)));

        assertThat(afterChange.feature(0, HOUR_OF_DAY)).isEqualTo(3f);
        assertThat(beforeChange.feature(0, HOUR_OF_DAY)).isEqualTo(1f);
        assertThat(afterChange.feature(1, HOUR_OF_DAY)).isEqualTo(3f);
    }

    @Test
    void matchesJavaTimeForRandomInstantsInRandomOrderAcrossZones() {
        // Zones with DST, without, with half-hour DST (Lord Howe), a skipped calendar day (Apia, 2011-12-30),
        // frequent yearly changes (Casablanca) and DST abolished in 2019 (Sao Paulo).
        List<String> zones = List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu",
                "Australia/Lord_Howe", "Pacific/Apia", "Africa/Casablanca", "America/Sao_Paulo");
        Random random = new Random(20191027L);
        long from = Instant.parse("1950-01-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2090-01-01T00:00:00Z").toEpochMilli();
        for (String zone : zones) {
            ZoneId zoneId = ZoneId.of(zone);
            SessionFeatureEngine engine = new SessionFeatureEngine(FeatureConfig.withTimeZone(zone));
            long anchor = from;
            for (int i = 0; i < 20_000; i++) {
                // Every other draw lands within hours of the previous one, before or after it, so the cached
                // offset span is reused, left backwards, and crossed; the others jump anywhere in the range.
                long t = i % 2 == 0
                        ? from + (long) (random.nextDouble() * (to - from))
                        : anchor + (long) (random.nextGaussian() * 6 * 3_600_000L);
                anchor = t;
                SessionReplay r = new SessionReplay(engine);
                r.apply(view(SESSION, "p1", 1.0, Instant.ofEpochMilli(t)));
                ZonedDateTime local = Instant.ofEpochMilli(t).atZone(zoneId);

                assertThat(calendar(r, 0))
                        .as("%s at %s (%s)", zone, Instant.ofEpochMilli(t), local)
                        .containsExactly(
                                local.getHour(),
                                local.getDayOfWeek().getValue(),
                                local.getDayOfWeek().getValue() >= 6 ? 1f : 0f);
            }
        }
    }

    private static float[] calendar(SessionReplay r, int k) {
        float[] v = r.at(k);
        return new float[] {v[HOUR_OF_DAY], v[DAY_OF_WEEK], v[IS_WEEKEND]};
    }
}
