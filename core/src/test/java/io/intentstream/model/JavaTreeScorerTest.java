package io.intentstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import io.intentstream.model.TrainedModels.Trained;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parity of the Java evaluator with XGBoost4J on models trained by XGBoost4J, bit for bit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaTreeScorerTest {
    /** 300 trees of depth 6 on 30 features: the production shape. */
    private Trained deep;
    /** Early stopping on a validation set: best_iteration well before the last round. */
    private Trained earlyStopped;
    /** Three trees per round (boosted random forest) with early stopping: rounds are not trees. */
    private Trained forest;
    /** Leaf-wise growth without a depth limit: unbalanced trees, deeper than the complete layout takes. */
    private Trained lossguide;

    private float[][] freshRows;

    @BeforeAll
    void train() {
        deep = TrainedModels.train(TrainedModels.params(6, 0.1), 4000, 300, 11);

        earlyStopped = TrainedModels.trainEarlyStopping(TrainedModels.params(6, 0.05), 3000, 600, 10, 21);

        Map<String, Object> forestParams = TrainedModels.params(4, 0.3);
        forestParams.put("num_parallel_tree", 3);
        forestParams.put("subsample", 0.8);
        forestParams.put("colsample_bynode", 0.7);
        forest = TrainedModels.trainEarlyStopping(forestParams, 3000, 200, 5, 31);

        Map<String, Object> lossguideParams = TrainedModels.params(0, 0.1);
        lossguideParams.put("grow_policy", "lossguide");
        lossguideParams.put("max_leaves", 200);
        lossguideParams.put("min_child_weight", 0.1);
        lossguide = TrainedModels.train(lossguideParams, 4000, 40, 41);

        freshRows = TrainedModels.rows(3000, TrainedModels.FEATURES, 99, 0.2);
    }

    @AfterAll
    void release() {
        for (Trained t : List.of(deep, earlyStopped, forest, lossguide)) {
            t.booster().dispose();
        }
    }

    Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("300 trees depth 6", deep),
                Arguments.of("early stopping", earlyStopped),
                Arguments.of("3 parallel trees per round, early stopping", forest),
                Arguments.of("lossguide", lossguide));
    }

    /** Training rows (exact data values, so many sit on thresholds), fresh rows, boundary probes, extremes. */
    private float[][] parityRows(Trained model, JavaTreeScorer java) {
        return TrainedModels.concat(
                model.trainingRows(),
                freshRows,
                ReferenceBatches.syntheticRows(java, 2000, 5).toArray(new float[0][]),
                TrainedModels.extremeRows(500, TrainedModels.FEATURES, 6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void marginsAreBitIdenticalToXGBoost4JThroughDMatrixAndInplacePredict(String name, Trained model) {
        JavaTreeScorer java = JavaTreeScorer.fromBundle(model.bundle());
        float[][] rows = parityRows(model, java);
        assertThat(rows.length).isGreaterThanOrEqualTo(8000);

        assertThat(differences(java, rows, TrainedModels.dmatrixMargins(model, rows))).isEmpty();
        assertThat(differences(java, rows, TrainedModels.inplaceMargins(model, rows))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void pointerLayoutGivesTheSameMarginsAsTheCompleteLayout(String name, Trained model) {
        JavaTreeScorer pointers = JavaTreeScorer.fromModelJson(model.json(), model.bestIteration(), 0);
        assertThat(pointers.completeDepth()).isZero();
        float[][] rows = parityRows(model, pointers);

        assertThat(differences(pointers, rows, TrainedModels.inplaceMargins(model, rows))).isEmpty();
    }

    @Test
    void chooseTheLayoutByTreeDepth() {
        assertThat(JavaTreeScorer.fromBundle(deep.bundle()).completeDepth()).isEqualTo(6);
        // Leaf-wise trees with up to 200 leaves grow past the complete layout's depth limit.
        assertThat(JavaTreeScorer.fromBundle(lossguide.bundle()).completeDepth()).isZero();
    }

    @Test
    void probabilitiesEqualXGBoost4JsExceptForRareOneUlpDifferencesOfCsExpf() {
        JavaTreeScorer java = JavaTreeScorer.fromBundle(deep.bundle());
        float[][] rows = TrainedModels.concat(deep.trainingRows(), freshRows);
        float[] expected = TrainedModels.dmatrixProbabilities(deep, rows);

        int differing = 0;
        for (int r = 0; r < rows.length; r++) {
            float p = java.predict(rows[r]);
            assertThat(p).isEqualTo(JavaTreeScorer.sigmoid(java.margin(rows[r])));
            int ulps = Math.abs(Float.floatToIntBits(p) - Float.floatToIntBits(expected[r]));
            assertThat(ulps).as("row %d: java %s, xgboost %s", r, p, expected[r]).isLessThanOrEqualTo(1);
            differing += ulps == 0 ? 0 : 1;
        }
        assertThat(differing).isLessThan(rows.length / 200);
    }

    @Test
    void earlyStoppedModelIsScoredWithRoundsUpToBestIterationOnly() {
        int best = earlyStopped.bestIteration();
        assertThat(best).isLessThan(earlyStopped.roundsInModel() - 1);

        JavaTreeScorer java = JavaTreeScorer.fromBundle(earlyStopped.bundle());
        assertThat(java.roundsUsed()).isEqualTo(best + 1);
        assertThat(java.roundsInModel()).isEqualTo(earlyStopped.roundsInModel());
        assertThat(java.numTrees()).isEqualTo(best + 1);

        JavaTreeScorer allRounds = JavaTreeScorer.fromModelJson(earlyStopped.json(), null);
        assertThat(allRounds.numTrees()).isEqualTo(earlyStopped.roundsInModel());
        assertThat(allRounds.margin(freshRows[0])).isNotEqualTo(java.margin(freshRows[0]));
    }

    @Test
    void parallelTreesCountPerRound() {
        JavaTreeScorer java = JavaTreeScorer.fromBundle(forest.bundle());
        assertThat(java.roundsUsed()).isEqualTo(forest.bestIteration() + 1);
        assertThat(java.numTrees()).isEqualTo(3 * (forest.bestIteration() + 1));
    }

    @Test
    void theModelsOwnBestIterationIsHonouredWhenBundleJsonHasNone() {
        JavaTreeScorer fromJson = JavaTreeScorer.fromModelJson(earlyStopped.json());
        assertThat(fromJson.roundsUsed()).isEqualTo(earlyStopped.bestIteration() + 1);

        JavaTreeScorer fromBundle = JavaTreeScorer.fromBundle(
                TrainedModels.bundle(earlyStopped.json(), null, TrainedModels.FEATURES));
        assertThat(fromBundle.roundsUsed()).isEqualTo(earlyStopped.bestIteration() + 1);

        JavaTreeScorer metadataWins = JavaTreeScorer.fromBundle(
                TrainedModels.bundle(earlyStopped.json(), 2, TrainedModels.FEATURES));
        assertThat(metadataWins.roundsUsed()).isEqualTo(3);
    }

    @Test
    void infinitiesAreOrdinaryValuesAsInXGBoost4JsInplacePredict() {
        float[][] rows = TrainedModels.extremeRows(300, TrainedModels.FEATURES, 8);
        for (int r = 0; r < rows.length; r++) {
            rows[r][r % TrainedModels.FEATURES] = r % 2 == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            rows[r][(r * 7 + 3) % TrainedModels.FEATURES] = Float.POSITIVE_INFINITY;
        }
        JavaTreeScorer java = JavaTreeScorer.fromBundle(deep.bundle());

        assertThat(differences(java, rows, TrainedModels.inplaceMargins(deep, rows))).isEmpty();
    }

    @Test
    void predictionAllocatesNothing() {
        JavaTreeScorer java = JavaTreeScorer.fromBundle(deep.bundle());
        float[][] rows = freshRows;
        float sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += java.predict(rows[i % rows.length]);
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        threads.getThreadAllocatedBytes(id);
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 20_000; i++) {
            sink += java.predict(rows[i % rows.length]);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;

        assertThat(sink).isNotNaN();
        // Some slack for the measurement itself; one allocation per call would be at least 320 KB.
        assertThat(allocated).isLessThan(1024);
    }

    @Test
    void rejectsARowOfTheWrongWidth() {
        JavaTreeScorer java = JavaTreeScorer.fromBundle(deep.bundle());

        assertThatThrownBy(() -> java.margin(new float[TrainedModels.FEATURES - 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 30 features, got 29");
    }

    @Test
    void bundleWithAnotherFeatureCountIsRefused() {
        ModelBundle bundle = TrainedModels.bundle(deep.json(), null, TrainedModels.FEATURES + 1);

        assertThatThrownBy(() -> JavaTreeScorer.fromBundle(bundle))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("bundle.json lists 31 features but the booster was trained on 30");
    }

    /** Up to five rows whose margin differs in any bit, described; empty when all are identical. */
    static List<String> differences(JavaTreeScorer java, float[][] rows, float[] expected) {
        List<String> out = new ArrayList<>();
        int count = 0;
        for (int r = 0; r < rows.length; r++) {
            float actual = java.margin(rows[r]);
            if (Float.floatToIntBits(actual) != Float.floatToIntBits(expected[r])) {
                if (out.size() < 5) {
                    out.add("row " + r + ": java " + actual + " xgboost " + expected[r]);
                }
                count++;
            }
        }
        if (count > out.size()) {
            out.add("... " + count + " rows differ in all");
        }
        return out;
    }
}
