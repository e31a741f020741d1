package io.intentstream.generator;

import static io.intentstream.generator.GeneratorConfig.from;
import static io.intentstream.generator.GeneratorOptions.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The working set is the sessions open at one time plus the events held back for disorder; neither
 * may grow with the number of events generated.
 */
class ConstantMemoryTest {
    private static GenerationSummary run(long events) {
        GeneratorConfig config = from(defaults()
                .with(SEED, 5L)
                .with(USERS, 1_000_000)
                .with(SEASONALITY, 0.0)
                .with(DURATION, Duration.ofDays(30))
                .with(MAX_EVENTS, events)
                .with(OUT_OF_ORDER_RATE, 0.02)
                .with(LATE_RATE, 0.01)
                .with(DUPLICATE_RATE, 0.01));
        int[] maxActive = {0};
        GenerationSummary s = new ClickstreamGenerator(config).runDiscarding(engine -> {
            maxActive[0] = Math.max(maxActive[0], engine.activeSessions());
        });
        assertThat(s.maxActiveSessions()).isGreaterThanOrEqualTo(maxActive[0]).isLessThanOrEqualTo(maxActive[0] + 1);
        return s;
    }

    @Test
    void openSessionsAndHeldBackEventsStayBoundedAsVolumeGrows() {
        GenerationSummary small = run(200_000);
        GenerationSummary large = run(2_000_000);
        assertThat(large.events()).isEqualTo(10 * small.events());
        // Ten times the events, and the working set is that of a steady state, not ten times larger.
        assertThat(large.maxActiveSessions()).isLessThan(small.maxActiveSessions() * 3 / 2);
        assertThat(large.maxDelayedLines()).isLessThan(small.maxDelayedLines() * 3 / 2 + 20);
        // About 3.5 sessions start per second and most last minutes: hundreds open at once, not hundreds of thousands.
        assertThat(large.maxActiveSessions()).isBetween(100, 3_000);
        assertThat(large.sessions()).isGreaterThan(400_000);
    }
}
