package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.EventFormat;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.replay.EventPartitions;
import io.intentstream.replay.HistoryReplay;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split on real data: no session on two sides, and train strictly before test in time. */
class TemporalSplitTest {
    @TempDir
    static Path tmp;

    private static ExampleSet examples;

    @BeforeAll
    static void replaySample() throws Exception {
        examples = new ExampleSet(FeatureSchema.SIZE);
        ExampleCollector collector = new ExampleCollector(examples);
        HistoryReplay replay = new HistoryReplay(FeatureConfig.defaults());
        try (EventPartitions history = EventPartitions.read(TrainerTestSupport.SAMPLE_EVENTS, EventFormat.REES46_CSV,
                ValidationRules.defaults(), Integer.MAX_VALUE, 1, tmp)) {
            for (var partition : history.partitions()) {
                replay.replay(partition, collector);
            }
        }
    }

    @AfterAll
    static void removeExamples() {
        examples.close();
    }

    @Test
    void trainExamplesAreAtOrBeforeTheCutoffAndTestExamplesAtOrAfterIt() {
        TemporalSplit split = TemporalSplit.of(examples, 0.8, 0.15);
        long latestTrain = Long.MIN_VALUE;
        long earliestTest = Long.MAX_VALUE;
        int train = 0;
        int test = 0;
        for (int r = 0; r < examples.rows(); r++) {
            switch (split.sideOfRow(examples, r)) {
                case TRAIN:
                case VALIDATION:
                    latestTrain = Math.max(latestTrain, examples.eventTime(r));
                    train++;
                    break;
                case TEST:
                    earliestTest = Math.min(earliestTest, examples.eventTime(r));
                    test++;
                    break;
                default:
            }
        }
        assertThat(train).isPositive();
        assertThat(test).isPositive();
        assertThat(latestTrain).isLessThanOrEqualTo(split.cutoff());
        assertThat(earliestTest).isGreaterThanOrEqualTo(split.cutoff());
    }

    @Test
    void noSessionIsOnTwoSides() {
        TemporalSplit split = TemporalSplit.of(examples, 0.8, 0.15);
        Map<Integer, TemporalSplit.Side> sideOfSession = new HashMap<>();
        for (int r = 0; r < examples.rows(); r++) {
            TemporalSplit.Side side = split.sideOfRow(examples, r);
            TemporalSplit.Side previous = sideOfSession.putIfAbsent(examples.sessionOf(r), side);
            assertThat(previous == null || previous == side).as("session %d", examples.sessionOf(r)).isTrue();
        }
    }

    @Test
    void validationSessionsAreTheLatestStartingTrainSessions() {
        TemporalSplit split = TemporalSplit.of(examples, 0.8, 0.15);
        long latestTrainStart = Long.MIN_VALUE;
        long earliestValidationStart = Long.MAX_VALUE;
        for (int s = 0; s < examples.sessions(); s++) {
            if (split.sideOfSession(s) == TemporalSplit.Side.TRAIN) {
                latestTrainStart = Math.max(latestTrainStart, examples.sessionStart(s));
            } else if (split.sideOfSession(s) == TemporalSplit.Side.VALIDATION) {
                earliestValidationStart = Math.min(earliestValidationStart, examples.sessionStart(s));
            }
        }
        assertThat(split.countSessions(TemporalSplit.Side.VALIDATION)).isPositive();
        assertThat(latestTrainStart).isLessThan(earliestValidationStart);
        assertThat(earliestValidationStart).isGreaterThanOrEqualTo(split.validationCutoff());
    }

    @Test
    void sessionsRunningAcrossTheCutoffAreExcluded() {
        TemporalSplit split = TemporalSplit.of(examples, 0.8, 0.15);
        for (int s = 0; s < examples.sessions(); s++) {
            boolean straddles = examples.sessionStart(s) < split.cutoff() && examples.sessionEnd(s) > split.cutoff();
            assertThat(split.sideOfSession(s) == TemporalSplit.Side.EXCLUDED).as("session %d", s).isEqualTo(straddles);
        }
    }
}
