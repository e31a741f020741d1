package io.intentstream.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.EventFormat;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureConfig;
import io.intentstream.testing.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A history too large for memory spills to user partitions and replays to exactly the same features. */
class EventPartitionsTest {
    @TempDir
    Path tmp;

    private Map<String, float[]> replay(int maxInMemory, Path spill) throws Exception {
        try (EventPartitions history = EventPartitions.read(SampleData.rees46(), EventFormat.REES46_CSV,
                ValidationRules.defaults(), maxInMemory, 8, spill)) {
            assertThat(history.spilled()).isEqualTo(maxInMemory < 17_434);
            assertThat(history.validCount()).isEqualTo(17_434);
            return new HistoryReplay(FeatureConfig.defaults()).featuresByEventId(history.partitions());
        }
    }

    @Test
    void spilledReplayEqualsInMemoryReplay() throws Exception {
        Map<String, float[]> inMemory = replay(Integer.MAX_VALUE, tmp.resolve("unused"));
        Map<String, float[]> spilled = replay(1_000, tmp.resolve("spill"));

        assertThat(spilled.keySet()).isEqualTo(inMemory.keySet());
        for (Map.Entry<String, float[]> en : inMemory.entrySet()) {
            assertThat(spilled.get(en.getKey())).as(en.getKey()).containsExactly(en.getValue());
        }
        try (var files = Files.list(tmp.resolve("spill"))) {
            assertThat(files.count()).as("partition files are removed after use").isZero();
        }
    }
}
