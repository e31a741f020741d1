package io.intentstream.trainer;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;

/**
 * Step 2 of training: splits the examples by time, samples train and validation sessions down to their
 * limits, and trains XGBoost with early stopping on the validation side.
 */
final class TrainStep {
    /**
     * @param cutoffQuantile share of sessions (by start time) before the train/test cutoff
     * @param validationFraction latest-starting share of train sessions used for early stopping
     * @param maxTrainExamples beyond this many train examples, whole sessions are sampled by a hash of their id
     * @param maxValidationExamples the same for the validation examples
     */
    record Input(double cutoffQuantile, double validationFraction, int maxTrainExamples, int maxValidationExamples,
            HyperParameters hyperParameters) {}

    /** Examples on each side of the split that training saw (test examples are counted, never sampled). */
    record ExampleCounts(int train, int validation, int test, int trainBeforeSampling, int trainPositives,
            int validationPositives) {}

    /**
     * The evaluation metric after each round, as XGBoost computed it while training (the report draws it).
     *
     * @param metric e.g. {@code logloss}
     * @param validation {@code null} when there was no validation side
     */
    record History(String metric, float[] train, float[] validation) {
        static final History NONE = new History("logloss", new float[0], null);
    }

    /**
     * The trained booster and what it was trained and is to be tested on.
     *
     * @param boosterJson the booster in XGBoost's JSON format, all rounds included
     * @param bestIteration the round early stopping found best, or the last round
     * @param seconds wall-clock time of splitting, building the matrices and training
     */
    record Trained(TemporalSplit split, ExampleCounts examples, byte[] boosterJson, int numBoostedRounds, int bestIteration,
            double seconds, History history) {}

    private TrainStep() {}

    static Trained run(ExampleSet examples, Input in) {
        long start = System.nanoTime();
        TemporalSplit split = TemporalSplit.of(examples, in.cutoffQuantile(), in.validationFraction());
        HyperParameters hp = in.hyperParameters();
        XGBoostInput data = matrices(examples, split, in);
        BoosterTraining.Boosted boosted;
        try {
            boosted = BoosterTraining.train(hp.boosterParams(), data.train(), data.validation(), hp.rounds(),
                    hp.earlyStoppingRounds());
        } finally {
            data.dispose();
        }
        Booster booster = boosted.booster();
        try {
            return new Trained(split, data.counts(), BoosterTraining.toJson(booster), BoosterTraining.rounds(booster),
                    BoosterTraining.bestIteration(booster), (System.nanoTime() - start) / 1e9,
                    new History(boosted.metric(), boosted.trainHistory(), boosted.validationHistory()));
        } finally {
            booster.dispose();
        }
    }

    private static int positives(float[] labels) {
        int n = 0;
        for (float l : labels) {
            n += l > 0 ? 1 : 0;
        }
        return n;
    }

    /** XGBoost's copies of the train and validation rows; {@code validation} is null when there is none. */
    private record XGBoostInput(DMatrix train, DMatrix validation, ExampleCounts counts) {
        void dispose() {
            train.dispose();
            if (validation != null) {
                validation.dispose();
            }
        }
    }

    /**
     * The matrices XGBoost trains on. The heap copies ({@link Matrices}) are unreachable once this returns,
     * so they do not live on through training: at the example limits they are gigabytes.
     */
    private static XGBoostInput matrices(ExampleSet examples, TemporalSplit split, Input in) {
        Matrices m = Matrices.of(examples, split, in.maxTrainExamples(), in.maxValidationExamples());
        if (m.trainLabels.length == 0 || m.testExamples == 0) {
            throw new IllegalStateException("the split left " + m.trainLabels.length + " train and " + m.testExamples
                    + " test examples; the history is too short for the cutoff quantile " + in.cutoffQuantile());
        }
        ExampleCounts counts = new ExampleCounts(m.trainLabels.length, m.validationLabels.length, m.testExamples,
                m.trainExamplesBeforeSampling, positives(m.trainLabels), positives(m.validationLabels));
        DMatrix train = BoosterTraining.matrix(m.trainRows, m.trainLabels, examples.width());
        try {
            DMatrix validation = m.validationLabels.length > 0
                    ? BoosterTraining.matrix(m.validationRows, m.validationLabels, examples.width()) : null;
            return new XGBoostInput(train, validation, counts);
        } catch (RuntimeException e) {
            train.dispose();
            throw e;
        }
    }
}
