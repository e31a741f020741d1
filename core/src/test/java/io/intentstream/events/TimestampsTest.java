package io.intentstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written fast path of {@link Timestamps} must accept exactly what {@code java.time}'s ISO-8601 parser
 * accepts and give the same instant. Mutated and arbitrary strings are in {@link TimestampsPropertiesTest}.
 */
class TimestampsTest {

    @Test
    void parsesUtcOffsetAndFractionForms() {
        long base = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();

        assertThat(Timestamps.parseIsoOffset("2019-10-01T00:00:00Z")).isEqualTo(base);
        assertThat(Timestamps.parseIsoOffset("2019-10-01T02:00:00+02:00")).isEqualTo(base);
        assertThat(Timestamps.parseIsoOffset("2019-09-30T19:30:00-04:30")).isEqualTo(base);
        assertThat(Timestamps.parseIsoOffset("2019-10-01T00:00:00.5Z")).isEqualTo(base + 500);
        assertThat(Timestamps.parseIsoOffset("2019-10-01T00:00:00.123Z")).isEqualTo(base + 123);
        // Sub-millisecond digits are truncated, as Instant.toEpochMilli does.
        assertThat(Timestamps.parseIsoOffset("2019-10-01T00:00:00.123999999Z")).isEqualTo(base + 123);
        assertThat(Timestamps.parseIsoOffset("2019-10-01T00:00:00.999+00:00")).isEqualTo(base + 999);
        assertThat(Timestamps.parseIsoOffset("2019-10-01T00:00:00-00:00")).isEqualTo(base);
    }

    @Test
    void formsOutsideTheFastPathStillFollowIso8601() {
        long base = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();

        assertThat(Timestamps.parseIsoOffset("2019-10-01T00:00Z")).as("no seconds").isEqualTo(base);
        assertThat(Timestamps.parseIsoOffset("2019-10-01t00:00:00z")).as("lower-case letters").isEqualTo(base);
        assertThat(Timestamps.parseIsoOffset("2019-10-01T01:00:00+01:00:00")).as("offset seconds").isEqualTo(base);
        assertThat(Timestamps.parseIsoOffset("2019-10-01T00:00:00.Z")).as("a bare decimal point").isEqualTo(base);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2019-02-30T00:00:00Z", // no February 30th
        "2019-02-29T00:00:00Z", // 2019 is not a leap year
        "2100-02-29T00:00:00Z", // centuries are not leap years unless divisible by 400
        "2019-04-31T00:00:00Z",
        "2019-13-01T00:00:00Z",
        "2019-00-01T00:00:00Z",
        "2019-10-00T00:00:00Z",
        "2019-10-01T24:00:00Z",
        "2019-10-01T23:60:00Z",
        "2019-10-01T23:59:60Z",
        "2019-10-01T00:00:00", // no offset: a local time is ambiguous
        "2019-10-01 00:00:00Z",
        "2019-10-01T00:00:00+19:00",
        "2019-10-01T00:00:00+18:30", // beyond the +/-18:00 limit of ZoneOffset
        "2019-10-01T00:00:00.1234567891Z", // ten fraction digits
        "2019-10-01T00:00:00.\u0661Z", // an Arabic-Indic digit one
        "2019-10-01T00:00:00Z ",
        " 2019-10-01T00:00:00Z",
        "2019-10-01 00:00:00 UTC",
        "1569888000000",
        "",
    })
    void rejectsInvalidTimestamps(String text) {
        assertThat(Timestamps.parseIsoOffset(text)).isEqualTo(Timestamps.INVALID);
        assertThat(javaTime(text)).as("java.time agrees").isEqualTo(Timestamps.INVALID);
    }

    @Test
    void leapDaysThatExistAreAccepted() {
        assertThat(Timestamps.parseIsoOffset("2020-02-29T12:00:00Z")).isEqualTo(Instant.parse("2020-02-29T12:00:00Z").toEpochMilli());
        assertThat(Timestamps.parseIsoOffset("2000-02-29T12:00:00Z")).isEqualTo(Instant.parse("2000-02-29T12:00:00Z").toEpochMilli());
    }

    @Test
    void fastPathEqualsJavaTimeForRandomInstantsOffsetsAndFractions() {
        Random random = new Random(42);
        long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2199-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long second = from + (long) (random.nextDouble() * (to - from));
            int nanos = random.nextInt(1_000_000_000);
            // Offsets in whole minutes across the full legal range, -18:00..+18:00.
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(60 * (random.nextInt(2 * 18 * 60 + 1) - 18 * 60));
            int fractionDigits = random.nextInt(10);
            String text = format(Instant.ofEpochSecond(second, nanos), offset, fractionDigits);

            long expected = javaTime(text);
            assertThat(expected).as(text).isNotEqualTo(Timestamps.INVALID);
            assertThat(Timestamps.parseIsoOffset(text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void parsesTheRees46Layout() {
        assertThat(Timestamps.parseRees46("2019-10-01 00:00:00 UTC")).isEqualTo(Instant.parse("2019-10-01T00:00:00Z").toEpochMilli());
        assertThat(Timestamps.parseRees46("2019-10-01 02:50:00 UTC")).isEqualTo(Instant.parse("2019-10-01T02:50:00Z").toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2019-10-01T00:00:00Z",
        "2019-10-01 00:00:00",
        "2019-10-01 00:00:00 CET",
        "2019-10-01 00:00:00 UTC ",
        "2019-10-01 00:00:00.5 UTC",
        "2019-02-30 00:00:00 UTC",
        "2019-10-01 24:00:00 UTC",
        "",
    })
    void rejectsOtherFormsInTheRees46Layout(String text) {
        assertThat(Timestamps.parseRees46(text)).isEqualTo(Timestamps.INVALID);
    }

    @Test
    void formatsUtcWithMilliseconds() {
        assertThat(Timestamps.formatUtc(Instant.parse("2019-10-01T00:00:00.120Z").toEpochMilli())).isEqualTo("2019-10-01T00:00:00.120Z");
        assertThat(Timestamps.parseIsoOffset(Timestamps.formatUtc(1569888000123L))).isEqualTo(1569888000123L);
    }

    /** The reference: java.time's ISO-8601 parser, or INVALID. */
    static long javaTime(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return Timestamps.INVALID;
        }
    }

    /** yyyy-MM-ddTHH:mm:ss[.f{digits}] then Z or +hh:mm, the forms the fast path handles. */
    static String format(Instant instant, ZoneOffset offset, int fractionDigits) {
        OffsetDateTime t = instant.atOffset(offset);
        StringBuilder sb = new StringBuilder(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").format(t));
        if (fractionDigits > 0) {
            String nanos = String.format("%09d", t.getNano());
            sb.append('.').append(nanos, 0, fractionDigits);
        }
        sb.append(offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
        return sb.toString();
    }
}
