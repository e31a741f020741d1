package io.intentstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import io.intentstream.model.TrainedModels.Trained;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java evaluator's TreeSHAP contributions against XGBoost4J's {@code predictContrib}, float for float. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TreeShapTest {
    private Trained deep;
    private Trained earlyStopped;
    private Trained forest;
    private Trained lossguide;
    private float[][] freshRows;

    @BeforeAll
    void train() {
        deep = TrainedModels.train(TrainedModels.params(6, 0.1), 3000, 150, 11);
        earlyStopped = TrainedModels.trainEarlyStopping(TrainedModels.params(6, 0.05), 3000, 400, 10, 21);
        Map<String, Object> forestParams = TrainedModels.params(4, 0.3);
        forestParams.put("num_parallel_tree", 3);
        forestParams.put("subsample", 0.8);
        forestParams.put("colsample_bynode", 0.7);
        forest = TrainedModels.trainEarlyStopping(forestParams, 3000, 200, 5, 31);
        Map<String, Object> lossguideParams = TrainedModels.params(0, 0.1);
        lossguideParams.put("grow_policy", "lossguide");
        lossguideParams.put("max_leaves", 200);
        lossguideParams.put("min_child_weight", 0.1);
        lossguide = TrainedModels.train(lossguideParams, 3000, 30, 41);
        freshRows = TrainedModels.rows(1500, TrainedModels.FEATURES, 99, 0.2);
    }

    @AfterAll
    void release() {
        for (Trained t : List.of(deep, earlyStopped, forest, lossguide)) {
            t.booster().dispose();
        }
    }

    Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("150 trees depth 6", deep),
                Arguments.of("early stopping", earlyStopped),
                Arguments.of("3 parallel trees per round, early stopping", forest),
                Arguments.of("lossguide", lossguide));
    }

    /**
     * Rows as a trainer's reference batch has them (real rows and threshold probes), plus fresh rows and extremes;
     * a few hundred of each, since an exact explanation costs about a millisecond per row for these models.
     */
    private float[][] referenceRows(Trained model, JavaTreeScorer java) {
        return TrainedModels.concat(
                Arrays.copyOf(model.trainingRows(), 256),
                ReferenceBatches.syntheticRows(java, 256, 17).toArray(new float[0][]),
                Arrays.copyOf(freshRows, 300),
                TrainedModels.extremeRows(100, TrainedModels.FEATURES, 6));
    }

    /** The evaluator whose margins equal XGBoost4J's (its base margin may be C logf's, see ScorerSelector.check). */
    private static JavaTreeScorer matching(Trained model, float[][] rows) {
        JavaTreeScorer java = JavaTreeScorer.fromBundle(model.bundle());
        ScorerSelector.Check check = ScorerSelector.check(java, rows, TrainedModels.inplaceMargins(model, rows));
        assertThat(check.problem()).isNull();
        return check.matching();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void contributionsEqualXGBoost4JsPredictContrib(String name, Trained model) {
        float[][] rows = referenceRows(model, JavaTreeScorer.fromBundle(model.bundle()));
        JavaTreeScorer java = matching(model, rows);
        float[][] expected = predictContrib(model, rows);
        int width = TrainedModels.FEATURES + 1;
        float[] out = new float[width];

        long bitDifferences = 0;
        double worst = 0;
        for (int r = 0; r < rows.length; r++) {
            java.contributions(rows[r], out);
            assertThat(expected[r]).hasSize(width);
            for (int c = 0; c < width; c++) {
                worst = Math.max(worst, Math.abs((double) out[c] - expected[r][c]));
                bitDifferences += Float.floatToIntBits(out[c]) == Float.floatToIntBits(expected[r][c]) ? 0 : 1;
            }
        }
        assertThat(worst).as("largest difference from predictContrib").isLessThanOrEqualTo(1e-6);
        // Same operations in the same order: not merely close, the same floats.
        assertThat(bitDifferences).as("contributions differing in any bit").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void contributionsSumToTheMarginOnEveryReferenceRow(String name, Trained model) {
        float[][] rows = referenceRows(model, JavaTreeScorer.fromBundle(model.bundle()));
        JavaTreeScorer java = matching(model, rows);
        float[] out = new float[TrainedModels.FEATURES + 1];
        for (int r = 0; r < rows.length; r++) {
            java.contributions(rows[r], out);
            double sum = 0;
            for (float c : out) {
                sum += c;
            }
            float margin = java.margin(rows[r]);
            // The contributions are float sums in another order than the margin's: equal up to their rounding.
            assertThat(sum).as("row %d", r).isCloseTo(margin, Offset.offset(1e-4 * (1 + Math.abs(margin))));
        }
    }

    @Test
    void aFeatureOnNoPathContributesNothing() {
        JavaTreeScorer java = JavaTreeScorer.fromBundle(deep.bundle());
        float[] out = new float[TrainedModels.FEATURES + 1];
        float[][] thresholds = java.splitThresholds();
        for (float[] row : Arrays.copyOf(freshRows, 300)) {
            java.contributions(row, out);
            for (int f = 0; f < TrainedModels.FEATURES; f++) {
                if (thresholds[f].length == 0) {
                    assertThat(out[f]).isZero();
                }
            }
        }
    }

    @Test
    void explainingARowAllocatesNothing() {
        JavaTreeScorer java = JavaTreeScorer.fromBundle(deep.bundle());
        float[] out = new float[TrainedModels.FEATURES + 1];
        int[] features = new int[5];
        float[] values = new float[5];
        float sink = 0;
        for (int i = 0; i < 1_000; i++) {
            java.contributions(freshRows[i % freshRows.length], out);
            sink += TopContributions.select(out, TrainedModels.FEATURES, 5, features, values);
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        threads.getThreadAllocatedBytes(id);
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1_000; i++) {
            java.contributions(freshRows[i % freshRows.length], out);
            sink += TopContributions.select(out, TrainedModels.FEATURES, 5, features, values);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;

        assertThat(sink).isPositive();
        assertThat(allocated).isLessThan(1024);
    }

    @Test
    void reasonCodesAreTheTopContributionsOfTheRowJustExplained() {
        JavaTreeScorer java = JavaTreeScorer.fromBundle(deep.bundle());
        ReasonCodes reasons = new ReasonCodes(java, TrainedModels.FEATURES, 3);
        float[] out = new float[TrainedModels.FEATURES + 1];
        for (float[] row : Arrays.copyOf(freshRows, 100)) {
            int n = reasons.explain(row);
            java.contributions(row, out);
            assertThat(n).isEqualTo(3);
            assertThat(reasons.bias()).isEqualTo(out[TrainedModels.FEATURES]);
            for (int i = 0; i < n; i++) {
                assertThat(reasons.contribution(i)).isEqualTo(out[reasons.feature(i)]);
                if (i > 0) {
                    assertThat(Math.abs(reasons.contribution(i))).isLessThanOrEqualTo(Math.abs(reasons.contribution(i - 1)));
                }
            }
            for (int f = 0; f < TrainedModels.FEATURES; f++) {
                boolean chosen = false;
                for (int i = 0; i < n; i++) {
                    chosen |= reasons.feature(i) == f;
                }
                if (!chosen) {
                    assertThat(Math.abs(out[f])).isLessThanOrEqualTo(Math.abs(reasons.contribution(n - 1)));
                }
            }
        }
        assertThatThrownBy(() -> reasons.feature(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void reasonCodesRefuseAScorerThatCannotExplain() {
        try (XGBoostScorer xgboost = new XGBoostScorer(deep.bundle())) {
            assertThatThrownBy(() -> new ReasonCodes(xgboost, TrainedModels.FEATURES, 3))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs the Java evaluator").hasMessageContaining("xgboost4j");
        }
    }

    @Test
    void aModelWithoutNodeCoversPredictsButCannotExplain() {
        String json = new String(deep.json(), StandardCharsets.UTF_8).replaceAll("\"sum_hessian\"", "\"sum_hessian_gone\"");
        JavaTreeScorer java = JavaTreeScorer.fromModelJson(json.getBytes(StandardCharsets.UTF_8), null);

        assertThat(java.explains()).isFalse();
        assertThat(java.margin(freshRows[0])).isEqualTo(JavaTreeScorer.fromModelJson(deep.json(), null).margin(freshRows[0]));
        assertThatThrownBy(() -> java.contributions(freshRows[0], new float[TrainedModels.FEATURES + 1]))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("sum_hessian");
    }

    @Test
    void xgboost4jScorerRefusesToExplainWithAMessageNamingTheWayOut() {
        try (XGBoostScorer xgboost = new XGBoostScorer(deep.bundle())) {
            assertThat(xgboost.explains()).isFalse();
            assertThatThrownBy(() -> xgboost.contributions(freshRows[0], new float[TrainedModels.FEATURES + 1]))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("Java evaluator");
        }
    }

    /** XGBoost4J's contributions through a DMatrix, over the rounds the bundle is scored with. */
    private static float[][] predictContrib(Trained model, float[][] rows) {
        DMatrix m = TrainedModels.matrix(rows, null);
        try {
            int treeLimit = model.bestIteration() == null ? 0 : (model.bestIteration() + 1) * model.treesPerRound();
            return model.booster().predictContrib(m, treeLimit);
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        } finally {
            m.dispose();
        }
    }
}
