package io.intentstream.generator;

import static io.intentstream.generator.GeneratorConfig.from;
import static io.intentstream.generator.GeneratorOptions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The configuration records: what the ground-truth header says about them, and what they refuse. */
class GeneratorConfigTest {
    /** The header the generator wrote before its configuration became records (seed 7, 2,000 users, else defaults). */
    private static final String HEADER = "{\"type\":\"header\",\"format_version\":1,\"events_format\":\"json\",\"options\":{"
            + "\"seed\":\"7\",\"users\":\"2000\",\"start\":\"2019-10-01T00:00:00Z\",\"duration\":\"PT24H\",\"max-events\":\"0\","
            + "\"sessions-per-user-per-day\":\"0.3\",\"user-activity-spread\":\"1.0\",\"zone\":\"UTC\",\"seasonality\":\"1.0\","
            + "\"catalog-seed\":\"1\",\"products\":\"50000\",\"mission-share\":\"0.034\",\"mission-intent\":\"0.0\","
            + "\"browse-intent\":\"-6.0\",\"user-propensity-spread\":\"1.2\",\"session-intent-spread\":\"1.0\","
            + "\"cart-propensity\":\"0.6\",\"remove-probability\":\"0.1\",\"repeat-view-probability\":\"0.4\","
            + "\"category-switch-probability\":\"0.18\",\"view-gap-median\":\"32.0\",\"mobile-share\":\"0.6\","
            + "\"bot-rate\":\"5.0E-4\",\"duplicate-rate\":\"0.0\",\"out-of-order-rate\":\"0.0\",\"disorder-bound\":\"PT5S\","
            + "\"late-rate\":\"0.0\",\"late-max-delay\":\"PT2M\",\"malformed-rate\":\"0.0\",\"malformed-kinds\":\"invalid_syntax,"
            + "missing_field,unknown_event_type,negative_price,non_numeric_price,impossible_timestamp,out_of_range_timestamp\","
            + "\"drift-at\":\"\",\"drift-intent-shift\":\"-0.7\",\"drift-price-factor\":\"1.25\",\"drift-mobile-share\":\"0.8\","
            + "\"format\":\"json\",\"time-format\":\"iso\"}}";

    @Test
    void groundTruthHeaderIsUnchanged() throws IOException {
        StringWriter truth = new StringWriter();
        GeneratorConfig config = from(defaults().with(SEED, 7L).with(USERS, 2000).with(MAX_EVENTS, 10L));
        new ClickstreamGenerator(config).writeTo(java.io.OutputStream.nullOutputStream(), truth);
        assertThat(truth.toString().lines().findFirst()).hasValue(HEADER.replace("\"max-events\":\"0\"", "\"max-events\":\"10\""));
    }

    @Test
    void headerNamesEveryContentOptionInTheOrderOfTheOptions() {
        List<String> names = new ArrayList<>();
        for (Option<?> o : GeneratorOptions.ALL) {
            // --days is another way to give the duration, which the header records.
            if (o != DAYS) {
                names.add(o.name());
            }
        }
        assertThat(GeneratorConfig.defaults().describe().keySet()).containsExactlyElementsOf(names);
    }

    @Test
    void headerShowsDriftAndOtherLayoutsAsTheOptionsWereWritten() {
        GeneratorConfig config = from(defaults().with(DRIFT_AT, Instant.parse("2019-10-02T00:00:00Z"))
                .with(FORMAT, OutputFormat.REES46).with(TIME_FORMAT, TimeFormat.EPOCH_MS).with(MALFORMED_KINDS, "negative_price,invalid_syntax")
                .with(ZONE, "Europe/Berlin").with(DURATION, Duration.ofMinutes(170)));
        assertThat(config.describe()).containsEntry("drift-at", "2019-10-02T00:00:00Z").containsEntry("format", "rees46")
                .containsEntry("time-format", "epoch-ms").containsEntry("malformed-kinds", "invalid_syntax,negative_price")
                .containsEntry("zone", "Europe/Berlin").containsEntry("duration", "PT2H50M");
    }

    @Test
    void eachPartRefusesBadValuesNamingTheOption() {
        assertRefused(defaults().with(USERS, 0), "users must be at least 1");
        assertRefused(defaults().with(DURATION, Duration.ZERO), "duration must be positive");
        assertRefused(defaults().with(START, Instant.parse("1999-12-31T00:00:00Z")), "between 2000 and 2099");
        assertRefused(defaults().with(SEASONALITY, 1.5), "seasonality must be in [0, 1]");
        assertRefused(defaults().with(PRODUCTS, 10), "products must be in [1000, 100000000]");
        assertRefused(defaults().with(MISSION_SHARE, 1.0), "mission-share must be in (0, 1)");
        assertRefused(defaults().with(VIEW_GAP_MEDIAN, Duration.ofMillis(500)), "view-gap-median must be in [1, 3600] seconds");
        assertRefused(defaults().with(DUPLICATE_RATE, 1.5), "duplicate-rate must be in [0, 1]");
        assertRefused(defaults().with(DUPLICATE_RATE, 0.5).with(LATE_RATE, 0.6), "must not exceed 1");
        assertRefused(defaults().with(LATE_MAX_DELAY, Duration.ofSeconds(5)), "late-max-delay must exceed disorder-bound");
        assertRefused(defaults().with(MALFORMED_RATE, 0.1).with(MALFORMED_KINDS, ","), "malformed-kinds must not be empty");
        assertRefused(defaults().with(MALFORMED_KINDS, "typo"), "option --malformed-kinds: unknown malformed kind 'typo'");
        assertRefused(defaults().with(ZONE, "Mars/Olympus"), "option --zone");
        assertRefused(defaults().with(DRIFT_PRICE_FACTOR, 0.0), "drift-price-factor must be positive");
        assertRefused(defaults().with(DRIFT_MOBILE_SHARE, -0.1), "drift-mobile-share must be in [0, 1]");
    }

    @Test
    void recordsKeepWholeMillisecondsAndTheirOwnCopyOfTheKinds() {
        Set<MalformedKind> kinds = EnumSet.of(MalformedKind.NEGATIVE_PRICE);
        Faults faults = new Faults(0, 0, 0, Duration.ofNanos(5_000_400_000L), 0, Duration.ofMinutes(2), 0.1, kinds);
        kinds.add(MalformedKind.INVALID_SYNTAX);
        assertThat(faults.malformedKinds()).containsExactly(MalformedKind.NEGATIVE_PRICE);
        assertThat(faults.disorderBound()).isEqualTo(Duration.ofMillis(5_000));
        assertThatThrownBy(() -> faults.malformedKinds().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(from(defaults().with(START, Instant.parse("2019-10-01T00:00:00.000999Z"))).population().start())
                .isEqualTo(Instant.parse("2019-10-01T00:00:00Z"));
    }

    private static void assertRefused(Options.Values values, String message) {
        assertThatThrownBy(() -> from(values)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
