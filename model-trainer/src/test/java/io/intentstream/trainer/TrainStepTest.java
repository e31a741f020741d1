package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.features.FeatureSchema;
import io.intentstream.model.JavaTreeScorer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The train step on 200 hand-made sessions of two rows each: with quantile 0.8 the last 40 sessions are test;
 * with validation fraction 0.25 the 40 train sessions before them are validation, 120 are train.
 */
class TrainStepTest {
    private static final int SESSIONS = 200;

    private static TrainStep.Trained train(ExampleSet examples, double validationFraction, int maxTrain, int rounds,
            int earlyStopping) {
        return TrainStep.run(examples, new TrainStep.Input(0.8, validationFraction, maxTrain, Integer.MAX_VALUE,
                SyntheticExamples.hyperParameters(rounds, earlyStopping)));
    }

    @Test
    void theMatricesHoldTheRowsOfEachSideOfTheSplit() {
        try (ExampleSet examples = SyntheticExamples.separable(SESSIONS, 0, 0)) {
            TrainStep.Trained trained = train(examples, 0.25, Integer.MAX_VALUE, 5, 2);

            TemporalSplit split = trained.split();
            assertThat(split.countSessions(TemporalSplit.Side.TRAIN)).isEqualTo(120);
            assertThat(split.countSessions(TemporalSplit.Side.VALIDATION)).isEqualTo(40);
            assertThat(split.countSessions(TemporalSplit.Side.TEST)).isEqualTo(40);
            assertThat(split.countSessions(TemporalSplit.Side.EXCLUDED)).isZero();
            assertThat(split.cutoff()).isEqualTo(SyntheticExamples.sessionStart(160));
            assertThat(split.validationCutoff()).isEqualTo(SyntheticExamples.sessionStart(120));
            assertThat(trained.examples()).isEqualTo(new TrainStep.ExampleCounts(240, 80, 80, 240, 120, 40));
        }
    }

    @Test
    void earlyStoppingKeepsTheRoundsAfterTheBestOneAndRecordsIt() {
        // Validation sessions carry the signal reversed: every round makes validation worse, so round 0 is best.
        try (ExampleSet examples = SyntheticExamples.separable(SESSIONS, 120, 160)) {
            TrainStep.Trained trained = train(examples, 0.25, Integer.MAX_VALUE, 50, 5);

            assertThat(trained.bestIteration()).isZero();
            assertThat(trained.numBoostedRounds()).as("the best round and the 5 that did not improve on it").isEqualTo(6);
        }
    }

    @Test
    void withoutValidationEveryRoundIsTrainedAndTheLastIsBest() {
        try (ExampleSet examples = SyntheticExamples.separable(SESSIONS, 0, 0)) {
            TrainStep.Trained trained = train(examples, 0, Integer.MAX_VALUE, 10, 5);

            assertThat(trained.examples().validation()).isZero();
            assertThat(trained.numBoostedRounds()).isEqualTo(10);
            assertThat(trained.bestIteration()).isEqualTo(9);
            try (JavaTreeScorer model = JavaTreeScorer.fromModelJson(trained.boosterJson(), trained.bestIteration())) {
                float[] row = new float[FeatureSchema.SIZE];
                Arrays.fill(row, Float.NaN);
                row[SyntheticExamples.SIGNAL] = 1f;
                float converting = model.predict(row);
                row[SyntheticExamples.SIGNAL] = 0f;
                float notConverting = model.predict(row);
                assertThat(converting).as("the booster learned the signal").isGreaterThan(0.9f);
                assertThat(notConverting).isLessThan(0.1f);
            }
        }
    }

    @Test
    void beyondTheLimitTrainExamplesAreSampledByWholeSessionsAndTestExamplesNever() {
        try (ExampleSet examples = SyntheticExamples.separable(SESSIONS, 0, 0)) {
            TrainStep.Trained trained = train(examples, 0.25, 60, 2, 1);

            TrainStep.ExampleCounts counts = trained.examples();
            assertThat(counts.trainBeforeSampling()).isEqualTo(240);
            assertThat(counts.train()).isBetween(20, 120);
            assertThat(counts.train() % 2).as("two rows per session: whole sessions only").isZero();
            assertThat(counts.validation()).isEqualTo(80);
            assertThat(counts.test()).isEqualTo(80);
        }
    }

    @Test
    void aSplitWithoutTrainExamplesFailsWithTheReason() {
        // Every session before the cutoff is still running at the cutoff, so all of them are excluded.
        try (ExampleSet examples = SyntheticExamples.build(10, 1, s -> false, (s, r, f) -> f[0] = s)) {
            for (int s = 0; s < 10; s++) {
                examples.endSession(s, SyntheticExamples.sessionStart(100), false);
            }
            assertThatThrownBy(() -> train(examples, 0.25, Integer.MAX_VALUE, 5, 2))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the split left 0 train and 2 test examples; the history is too short for the cutoff "
                            + "quantile 0.8");
        }
    }
}
