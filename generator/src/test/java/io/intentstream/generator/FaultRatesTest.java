package io.intentstream.generator;

import static io.intentstream.generator.GeneratorConfig.from;
import static io.intentstream.generator.GeneratorOptions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intentstream.events.JsonEventParser;
import io.intentstream.events.ParseResult;
import io.intentstream.events.RejectReason;
import io.intentstream.events.ValidationRules;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each fault appears at its configured rate, within 10% relative, measured from the written lines
 * themselves (parsed by the real parser) rather than from the generator's own counters.
 */
class FaultRatesTest {
    private static final double DUPLICATE = 0.02;
    private static final double OUT_OF_ORDER = 0.03;
    private static final double LATE = 0.01;
    private static final double MALFORMED = 0.02;
    private static final double BOTS = 0.01;
    private static final long EVENTS = 1_000_000;

    @Test
    void everyFaultAppearsAtItsConfiguredRateAtOneMillionEvents() throws IOException {
        GeneratorConfig config = from(defaults()
                .with(SEED, 2024L)
                // Busy, flat traffic: a held-back event has later events to be overtaken by.
                .with(USERS, 5_000_000)
                .with(SEASONALITY, 0.0)
                .with(START, Runs.NOON)
                .with(DURATION, Duration.ofDays(2))
                .with(MAX_EVENTS, EVENTS)
                .with(DUPLICATE_RATE, DUPLICATE)
                .with(OUT_OF_ORDER_RATE, OUT_OF_ORDER)
                .with(LATE_RATE, LATE)
                .with(MALFORMED_RATE, MALFORMED)
                .with(BOT_RATE, BOTS));
        long bound = config.faults().disorderBound().toMillis();
        JsonEventParser parser = new JsonEventParser(ValidationRules.defaults());
        Set<String> seen = new HashSet<>(2 * (int) EVENTS);
        Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
        long[] counts = new long[4];
        long[] maxSeen = {Long.MIN_VALUE};
        GenerationSummary summary = new ClickstreamGenerator(config).forEachLine((line, kind) -> {
            ParseResult r = parser.parse(line, 0);
            if (!r.isValid()) {
                rejected.merge(r.reason(), 1L, Long::sum);
                return;
            }
            if (!seen.add(r.event().eventId)) {
                counts[0]++;
                return;
            }
            long t = r.event().eventTime;
            if (t < maxSeen[0]) {
                counts[maxSeen[0] - t <= bound ? 1 : 2]++;
            }
            maxSeen[0] = Math.max(maxSeen[0], t);
        }, null);

        long distinct = seen.size();
        assertThat(distinct).isEqualTo(EVENTS);
        assertRate("duplicates", counts[0], distinct, DUPLICATE);
        assertRate("out of order within the bound", counts[1], distinct, OUT_OF_ORDER);
        assertRate("late beyond the bound", counts[2], distinct, LATE);
        long malformed = rejected.values().stream().mapToLong(Long::longValue).sum();
        assertRate("malformed lines", malformed, distinct, MALFORMED);
        assertRate("bot sessions", summary.botSessions(), summary.sessions(), BOTS);

        // Kinds are drawn evenly, so each has its share of the malformed rate.
        Map<MalformedKind, Long> byKind = summary.malformedByKind();
        for (MalformedKind k : MalformedKind.values()) {
            assertRate(k.optionName(), byKind.get(k), distinct, MALFORMED / MalformedKind.values().length);
        }
        assertThat(rejected.get(RejectReason.INVALID_JSON)).isEqualTo(byKind.get(MalformedKind.INVALID_SYNTAX));
        assertThat(rejected.get(RejectReason.UNKNOWN_EVENT_TYPE)).isEqualTo(byKind.get(MalformedKind.UNKNOWN_EVENT_TYPE));
        assertThat(rejected.get(RejectReason.INVALID_PRICE))
                .isEqualTo(byKind.get(MalformedKind.NEGATIVE_PRICE) + byKind.get(MalformedKind.NON_NUMERIC_PRICE));
    }

    private static void assertRate(String what, long count, long of, double expected) {
        double rate = (double) count / of;
        assertThat(rate).as("%s: %d of %d", what, count, of).isCloseTo(expected, within(0.1 * expected));
    }
}
