package io.intentstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Timestamps#parseIsoOffset} accepts exactly the language of {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME}
 * and gives the same instant, checked on valid timestamps with one character changed (where hand-written parsers
 * go wrong) and on arbitrary strings.
 */
class TimestampsPropertiesTest {

    @Property(tries = 20_000)
    void agreesWithJavaTimeOnNearlyValidTimestamps(@ForAll("nearlyValid") String text) {
        assertThat(Timestamps.parseIsoOffset(text)).as(text).isEqualTo(TimestampsTest.javaTime(text));
    }

    @Property(tries = 5_000)
    void agreesWithJavaTimeOnArbitraryStrings(@ForAll String text) {
        assertThat(Timestamps.parseIsoOffset(text)).isEqualTo(TimestampsTest.javaTime(text));
    }

    @Property(tries = 20_000)
    void formatsUtcAsInstantDoes(@ForAll("epochMillis") long millis) {
        assertThat(Timestamps.formatUtc(millis)).isEqualTo(Instant.ofEpochMilli(millis).toString());
    }

    /** Whole seconds, whole minutes and days, and arbitrary milliseconds, from year 1 BCE to beyond 9999. */
    @Provide
    Arbitrary<Long> epochMillis() {
        Arbitrary<Long> any = Arbitraries.longs().between(Instant.parse("-0001-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("+12000-01-01T00:00:00Z").toEpochMilli());
        return Arbitraries.oneOf(any, any.map(ms -> ms / 1000 * 1000), any.map(ms -> ms / 86_400_000 * 86_400_000),
                Arbitraries.of(0L, -1L, 1L, 253_402_300_799_999L, 253_402_300_800_000L, -62_167_219_200_000L,
                        -62_167_219_200_001L));
    }

    @Property(tries = 5_000)
    void rees46ParserNeverThrowsAndOnlyAcceptsItsLayout(@ForAll("nearlyValidRees46") String text) {
        long parsed = Timestamps.parseRees46(text);
        if (parsed != Timestamps.INVALID) {
            String iso = text.substring(0, 10) + "T" + text.substring(11, 19) + "Z";
            assertThat(parsed).as(text).isEqualTo(Instant.parse(iso).toEpochMilli());
        }
    }

    @Provide
    Arbitrary<String> nearlyValid() {
        Arbitrary<String> valid = Combinators.combine(
                        Arbitraries.longs().between(
                                Instant.parse("1999-01-01T00:00:00Z").getEpochSecond(),
                                Instant.parse("2101-01-01T00:00:00Z").getEpochSecond()),
                        Arbitraries.integers().between(0, 999_999_999),
                        Arbitraries.integers().between(-18 * 60, 18 * 60),
                        Arbitraries.integers().between(0, 9))
                .as((s, n, m, f) -> TimestampsTest.format(Instant.ofEpochSecond(s, n), ZoneOffset.ofTotalSeconds(m * 60), f));
        return Combinators.combine(valid, Arbitraries.integers().between(0, 40), replacement(), Arbitraries.integers().between(0, 2))
                .as(TimestampsPropertiesTest::mutate);
    }

    @Provide
    Arbitrary<String> nearlyValidRees46() {
        Arbitrary<String> valid = Arbitraries.longs()
                .between(Instant.parse("1999-01-01T00:00:00Z").getEpochSecond(), Instant.parse("2101-01-01T00:00:00Z").getEpochSecond())
                .map(s -> Instant.ofEpochSecond(s).toString().replace('T', ' ').replace("Z", " UTC"));
        return Combinators.combine(valid, Arbitraries.integers().between(0, 25), replacement(), Arbitraries.integers().between(0, 3))
                .as(TimestampsPropertiesTest::mutate);
    }

    /** Characters that matter to a timestamp parser, including digits that are not ASCII. */
    private static Arbitrary<Character> replacement() {
        return Arbitraries.of('0', '1', '2', '3', '5', '8', '9', '-', '+', ':', '.', 'T', 't', 'Z', 'z', ' ', 'U',
                '\u0661', '\u0966', '\uff11', '\u00b9', 'x');
    }

    /** kind 0: replace the char at {@code position}, 1: insert before it, 2: delete it, 3: keep the text. */
    private static String mutate(String text, int position, char c, int kind) {
        int p = Math.min(position, text.length() - 1);
        switch (kind) {
            case 0:
                return text.substring(0, p) + c + text.substring(p + 1);
            case 1:
                return text.substring(0, p) + c + text.substring(p);
            case 2:
                return text.substring(0, p) + text.substring(p + 1);
            default:
                return text;
        }
    }
}
