package io.intentstream.trainer;

import static io.intentstream.trainer.TrainerTestSupport.MINUTE;
import static io.intentstream.trainer.TrainerTestSupport.START;

import io.intentstream.events.Hashing;
import io.intentstream.features.FeatureSchema;
import java.util.Arrays;
import java.util.Map;

/**
 * Hand-made example sets for the step tests: sessions starting one minute apart, each with rows 30 seconds
 * apart, whose features and labels the test chooses. With every session shorter than a minute none runs
 * across a cutoff, so the split's sides are known: with quantile {@code q} the last {@code n - ceil(q n)}
 * sessions are test.
 */
final class SyntheticExamples {
    /** The feature the separable sets put their signal in. */
    static final int SIGNAL = 0;

    private SyntheticExamples() {}

    /** Fills one row: what a test puts in a row of a session. */
    interface RowFiller {
        void fill(int session, int row, float[] features);
    }

    interface Labels {
        boolean converted(int session);
    }

    static long sessionStart(int session) {
        return START + session * MINUTE;
    }

    /** {@code sessions} sessions of {@code rowsPerSession} rows; unset features are missing (NaN). */
    static ExampleSet build(int sessions, int rowsPerSession, Labels labels, RowFiller filler) {
        ExampleSet examples = new ExampleSet(FeatureSchema.SIZE);
        float[] row = new float[FeatureSchema.SIZE];
        for (int s = 0; s < sessions; s++) {
            int session = examples.newSession(sessionStart(s), Hashing.hash64("session-" + s));
            long last = sessionStart(s);
            for (int r = 0; r < rowsPerSession; r++) {
                Arrays.fill(row, Float.NaN);
                filler.fill(s, r, row);
                last = sessionStart(s) + r * 30_000L;
                examples.addRow(session, last, row, 0, r == rowsPerSession - 1);
            }
            examples.endSession(session, last, labels.converted(s));
        }
        return examples;
    }

    /**
     * Every other session converts and {@link #SIGNAL} says which, except in sessions {@code [flipFrom, flipTo)},
     * where it says the opposite.
     */
    static ExampleSet separable(int sessions, int flipFrom, int flipTo) {
        return build(sessions, 2, s -> s % 2 == 0, (s, r, features) -> {
            boolean converted = s % 2 == 0;
            boolean flipped = s >= flipFrom && s < flipTo;
            features[SIGNAL] = converted != flipped ? 1f : 0f;
        });
    }

    /** Small, fast hyper-parameters for the step tests: depth 3, eta 0.3, no subsampling, one thread. */
    static HyperParameters hyperParameters(int rounds, int earlyStopping) {
        return new HyperParameters(3, 0.3, 1.0, 1.0, 1.0, 1.0, 1, 0L, rounds, earlyStopping, Map.of());
    }

    /** A booster trained for 10 rounds with quantile 0.8 and validation fraction 0.25. */
    static TrainStep.Trained train(ExampleSet examples) {
        return TrainStep.run(examples, new TrainStep.Input(0.8, 0.25, Integer.MAX_VALUE, Integer.MAX_VALUE,
                hyperParameters(10, 5)));
    }
}
