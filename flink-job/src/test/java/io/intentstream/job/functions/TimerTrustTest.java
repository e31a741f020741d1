package io.intentstream.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.features.FeatureConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a restored subtask may assume of its users' timers (docs/architecture.md, "Timers"). */
class TimerTrustTest {
    private static final FeatureConfig SETTINGS = FeatureConfig.defaults();

    private static long[] subtask(int parallelism, int index, long watermark) {
        return TimerTrust.entry(parallelism, index, watermark, SETTINGS, true);
    }

    @Test
    void aFreshStartTrustsItsTimers() {
        assertThat(TimerTrust.restore(List.of(), false, 2, 0, SETTINGS)).isEqualTo(TimerTrust.FRESH);
    }

    @Test
    void theSameParallelismGetsEachSubtaskItsOwnWatermark() {
        List<long[]> entries = List.of(subtask(2, 0, 100), subtask(2, 1, 90));
        assertThat(TimerTrust.restore(entries, true, 2, 0, SETTINGS)).isEqualTo(new TimerTrust.Restored(100, true));
        assertThat(TimerTrust.restore(entries, true, 2, 1, SETTINGS)).isEqualTo(new TimerTrust.Restored(90, true));
    }

    @Test
    void aRescaleIsTrustedOnlyWhenEverySubtaskHadTheSameWatermark() {
        assertThat(TimerTrust.restore(List.of(subtask(2, 0, 100), subtask(2, 1, 100)), true, 3, 2, SETTINGS))
                .isEqualTo(new TimerTrust.Restored(100, true));
        assertThat(TimerTrust.restore(List.of(subtask(2, 0, 100), subtask(2, 1, 90)), true, 3, 2, SETTINGS))
                .as("the least watermark, and every timer reads its value").isEqualTo(new TimerTrust.Restored(90, false));
    }

    @Test
    void otherSessionSettingsACheckpointOfTheEarlierLayoutOrAnUntrustedOneAreNotTrusted() {
        FeatureConfig longerTimeout = SETTINGS.withSessionTimeoutMillis(SETTINGS.sessionTimeoutMillis() * 2);
        assertThat(TimerTrust.restore(List.of(subtask(1, 0, 100)), true, 1, 0, longerTimeout).trusted()).isFalse();
        assertThat(TimerTrust.restore(List.of(), true, 1, 0, SETTINGS).trusted()).as("earlier layout").isFalse();
        long[] untrusted = TimerTrust.entry(1, 0, 100, SETTINGS, false);
        assertThat(TimerTrust.restore(List.of(untrusted), true, 1, 0, SETTINGS).trusted()).as("stays untrusted").isFalse();
    }
}
