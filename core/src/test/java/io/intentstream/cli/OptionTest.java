package io.intentstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OptionTest {
    private static final Option<Duration> SPAN = Option.duration("span", null, "a duration");
    private static final Option<Instant> AT = Option.instant("at", null, "an instant");
    private static final Option<Long> ROLL = Option.size("roll", 256L << 20, "a size");

    @Test
    void durationsAreSingleAmountsSumsOrIso() {
        assertThat(SPAN.parse("2h50m")).isEqualTo(Duration.ofMinutes(170));
        assertThat(SPAN.parse("1d12h")).isEqualTo(Duration.ofHours(36));
        assertThat(SPAN.parse("1.5d")).isEqualTo(Duration.ofHours(36));
        assertThat(SPAN.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(SPAN.parse("5min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(SPAN.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(SPAN.parse("10 s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(SPAN.parse("10")).as("a bare number is seconds").isEqualTo(Duration.ofSeconds(10));
        assertThat(SPAN.parse("PT2H")).isEqualTo(Duration.ofHours(2));
        for (String bad : new String[] {"2 hours", "2h50", "5x", "-5s", "lots", ""}) {
            assertThatThrownBy(() -> SPAN.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--span");
        }
    }

    @Test
    void instantsAreIsoWithAnyOffsetOrADateAtMidnightUtc() {
        assertThat(AT.parse("2019-10-01")).isEqualTo(Instant.parse("2019-10-01T00:00:00Z"));
        assertThat(AT.parse("2019-10-01T12:00:00Z")).isEqualTo(Instant.parse("2019-10-01T12:00:00Z"));
        assertThat(AT.parse("2019-10-01T12:00:00+02:00")).isEqualTo(Instant.parse("2019-10-01T10:00:00Z"));
        assertThatThrownBy(() -> AT.parse("yesterday")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--at");
    }

    @Test
    void sizesTakeBinaryUnitsAndShowTheirDefaultInTheLargestExactOne() {
        assertThat(ROLL.parse("256MB")).isEqualTo(256L << 20);
        assertThat(ROLL.parse("64KB")).isEqualTo(64L << 10);
        assertThat(ROLL.parse("2G")).isEqualTo(2L << 30);
        assertThat(ROLL.parse("1000")).isEqualTo(1000L);
        assertThatThrownBy(() -> ROLL.parse("lots")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ROLL.parse("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ROLL.defaultText()).isEqualTo("256MB");
        assertThat(Option.size("s", 1000L, "d").defaultText()).isEqualTo("1000");
        assertThat(Option.size("s", 0L, "d").defaultText()).isEqualTo("0");
    }

    @Test
    void helpAndDocsShowEachOptionsDefaultText() {
        Options options = new Options("cmd", "summary").add(ROLL).add(AT).add(SPAN);
        assertThat(options.help()).contains("--roll <size>").contains("(default: 256MB)").contains("--at <instant>");
        assertThat(options.markdownTable()).contains("| `--roll` | size | `256MB` | a size |")
                .contains("| `--at` | instant | `(none)` | an instant |");
        assertThat(options.parse(new String[] {"--roll", "1GB", "--at=2019-10-01", "--span", "2h50m"}).get(ROLL))
                .isEqualTo(1L << 30);
    }
}
