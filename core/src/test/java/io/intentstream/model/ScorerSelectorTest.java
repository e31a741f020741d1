package io.intentstream.model;

import static io.intentstream.model.CraftedModels.leaf;
import static io.intentstream.model.CraftedModels.split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.model.ScorerSelector.Preference;
import io.intentstream.model.ScorerSelector.Selection;
import io.intentstream.model.TrainedModels.Trained;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Which scorer a bundle gets, and the reason given, for each preference and reference batch. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScorerSelectorTest {
    private Trained model;
    /** Reference rows as the trainer builds them: example rows plus boundary probes. */
    private List<float[]> referenceRows;

    @BeforeAll
    void train() {
        model = TrainedModels.trainEarlyStopping(TrainedModels.params(5, 0.2), 2000, 200, 5, 71);
        referenceRows = new ArrayList<>(List.of(model.trainingRows()).subList(0, 400));
        referenceRows.addAll(ReferenceBatches.syntheticRows(JavaTreeScorer.fromBundle(model.bundle()), 100, 1));
    }

    @AfterAll
    void release() {
        model.booster().dispose();
    }

    /** The model's bundle with a reference batch built by XGBoost4J, as the trainer writes it. */
    private ModelBundle bundleWithReferenceBatch() {
        ModelBundle bundle = model.bundle();
        bundle.metadata().referenceBatch = ReferenceBatches.build(bundle, referenceRows);
        return bundle;
    }

    @Test
    void autoChoosesTheJavaEvaluatorWhenItReproducesTheReferenceMargins() {
        try (Selection selection = ScorerSelector.select(bundleWithReferenceBatch(), Preference.AUTO)) {
            assertThat(selection.scorer()).isInstanceOf(JavaTreeScorer.class);
            assertThat(selection.scorer().name()).isEqualTo("java");
            assertThat(selection.reason())
                    .isEqualTo("java: its margins equal XGBoost4J's bit for bit on the bundle's 500 reference rows");
        }
    }

    @Test
    void autoFallsBackToXGBoost4JOnAnyMismatchAndNamesTheFirstOne() {
        ModelBundle bundle = bundleWithReferenceBatch();
        List<Float> margins = bundle.metadata().referenceBatch.margins;
        float original = margins.get(17);
        margins.set(17, Math.nextUp(original));
        margins.set(300, -margins.get(300));

        try (Selection selection = ScorerSelector.select(bundle, Preference.AUTO)) {
            assertThat(selection.scorer()).isInstanceOf(XGBoostScorer.class);
            assertThat(selection.reason())
                    .startsWith("xgboost4j: the Java evaluator was checked against XGBoost4J on the bundle's 500 reference"
                            + " rows:"
                            + " 2 of 500 margins differ, first at row 17: Java " + original + " (bits 0x"
                            + Integer.toHexString(Float.floatToIntBits(original)) + "), XGBoost4J "
                            + Math.nextUp(original))
                    .endsWith("; falling back to XGBoost4J");
        }
    }

    @Test
    void withoutAReferenceBatchAutoComparesOnSyntheticRowsScoredByXGBoost4J() {
        ModelBundle bundle = model.bundle();
        bundle.metadata().referenceBatch = null;

        try (Selection selection = ScorerSelector.select(bundle, Preference.AUTO)) {
            assertThat(selection.scorer()).isInstanceOf(JavaTreeScorer.class);
            assertThat(selection.reason()).isEqualTo("java: its margins equal XGBoost4J's bit for bit on "
                    + ScorerSelector.SYNTHETIC_ROWS + " synthetic rows (the bundle has no reference batch)");
        }
    }

    @Test
    void autoUsesXGBoost4JForAModelTheJavaEvaluatorCannotScore() {
        byte[] categorical = CraftedModels.edit(model.json(), root -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                root.at("/learner/gradient_booster/model/trees/0/split_type")).set(0, 1));
        ModelBundle bundle = TrainedModels.bundle(categorical, model.bestIteration(), TrainedModels.FEATURES);

        try (Selection selection = ScorerSelector.select(bundle, Preference.AUTO)) {
            assertThat(selection.scorer()).isInstanceOf(XGBoostScorer.class);
            assertThat(selection.reason()).startsWith("xgboost4j: Java evaluator cannot load model test-model:"
                    + " tree 0 node 0 is a categorical split");
        }
    }

    @Test
    void aMalformedReferenceBatchMeansXGBoost4J() {
        ModelBundle bundle = bundleWithReferenceBatch();
        bundle.metadata().referenceBatch.features.get(3).remove(0);

        try (Selection selection = ScorerSelector.select(bundle, Preference.AUTO)) {
            assertThat(selection.scorer()).isInstanceOf(XGBoostScorer.class);
            assertThat(selection.reason()).isEqualTo("xgboost4j: the bundle's reference_batch row 3 has 29 values,"
                    + " the model 30 features, so the Java evaluator cannot be checked");
        }
    }

    @Test
    void configuredJavaIsUsedEvenWhenTheCheckFailsButTheReasonSaysSo() {
        ModelBundle bundle = bundleWithReferenceBatch();
        bundle.metadata().referenceBatch.margins.set(0, 42f);

        try (Selection selection = ScorerSelector.select(bundle, Preference.JAVA)) {
            assertThat(selection.scorer()).isInstanceOf(JavaTreeScorer.class);
            assertThat(selection.reason()).startsWith("java: configured, although it does not reproduce the bundle's"
                    + " reference margins: 1 of 500 margins differ, first at row 0");
        }
        try (Selection selection = ScorerSelector.select(bundleWithReferenceBatch(), Preference.JAVA)) {
            assertThat(selection.reason()).isEqualTo("java: configured; its margins equal the bundle's 500 reference margins");
        }
    }

    @Test
    void configuredJavaFailsOnAModelItCannotScore() {
        byte[] dart = CraftedModels.edit(model.json(),
                root -> ((com.fasterxml.jackson.databind.node.ObjectNode) root.at("/learner/gradient_booster"))
                        .put("name", "dart"));
        ModelBundle bundle = TrainedModels.bundle(dart, null, TrainedModels.FEATURES);

        assertThatThrownBy(() -> ScorerSelector.select(bundle, Preference.JAVA))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("DART");
    }

    @Test
    void configuredXGBoost4JSkipsTheCheck() {
        ModelBundle bundle = bundleWithReferenceBatch();
        bundle.metadata().referenceBatch.margins.set(0, 42f);

        try (Selection selection = ScorerSelector.select(bundle, Preference.XGBOOST4J)) {
            assertThat(selection.scorer()).isInstanceOf(XGBoostScorer.class);
            assertThat(selection.reason()).isEqualTo("xgboost4j: configured");
        }
    }

    /** On glibc, XGBoost's logf(1 / 0.49646086 - 1) is one ulp away from the correctly rounded logit. */
    private static final String LOGF_ROUNDS_DIFFERENTLY = "4.9646086E-1";

    @Test
    void theJavaEvaluatorStartsFromXGBoostsBaseMarginWhereCsLogfRoundsItDifferently() {
        // Leaves far smaller than the base margin, so a one-ulp difference in it shows in every margin.
        byte[] json = CraftedModels.model(LOGF_ROUNDS_DIFFERENTLY, null, 2, 1,
                split(0, 0.5f, true, leaf(0f), leaf(1e-9f)), split(1, 2f, false, leaf(3e-9f), leaf(-2e-9f)));
        float javaLogit = JavaTreeScorer.fromModelJson(json).baseMargin();
        float xgboostBase = CraftedModels.xgboostMargin(
                CraftedModels.model(LOGF_ROUNDS_DIFFERENTLY, null, 2, 1, leaf(0f)), null, 0f, 0f);
        float[][] rows = {{0f, 0f}, {1f, 3f}, {Float.NaN, Float.NaN}, {0.5f, 2f}};
        ModelBundle withoutBatch = TrainedModels.bundle(json, null, 2);
        ModelBundle withBatch = TrainedModels.bundle(json, null, 2);
        withBatch.metadata().referenceBatch = ReferenceBatches.build(withBatch, List.of(rows));

        for (Selection selection : List.of(ScorerSelector.select(withoutBatch, Preference.AUTO),
                ScorerSelector.select(withBatch, Preference.AUTO), ScorerSelector.select(withBatch, Preference.JAVA))) {
            try (selection) {
                assertThat(selection.scorer()).isInstanceOf(JavaTreeScorer.class);
                JavaTreeScorer java = (JavaTreeScorer) selection.scorer();
                assertThat(java.baseMargin()).isEqualTo(xgboostBase);
                if (javaLogit != xgboostBase) {
                    assertThat(selection.reason()).endsWith("; with XGBoost's base margin " + xgboostBase
                            + " (C logf), one ulp from Java's logit " + javaLogit);
                }
                for (float[] row : rows) {
                    assertThat(java.margin(row)).isEqualTo(CraftedModels.xgboostMargin(json, null, row));
                }
            }
        }
    }

    @Test
    void rowsThatCannotTellTheBaseMarginApartMeanXGBoost4J() {
        // The first tree adds 0 (the start shows through it), the second adds leaves large enough to round a
        // one-ulp difference away: every row matches from any of the candidate base margins.
        byte[] json = CraftedModels.model(LOGF_ROUNDS_DIFFERENTLY, null, 2, 1,
                leaf(0f), split(0, 0.5f, true, leaf(0.125f), leaf(-0.0625f)));
        ModelBundle bundle = TrainedModels.bundle(json, null, 2);
        bundle.metadata().referenceBatch = ReferenceBatches.build(bundle, List.of(new float[] {0f, 0f},
                new float[] {1f, 1f}));

        try (Selection selection = ScorerSelector.select(bundle, Preference.AUTO)) {
            assertThat(selection.scorer()).isInstanceOf(XGBoostScorer.class);
            assertThat(selection.reason()).contains("the rows cannot tell which one XGBoost (C logf) uses");
        }
    }

    @Test
    void aBaseMarginFurtherThanOneUlpAwayIsNotExplainedAway() {
        ModelBundle bundle = bundleWithReferenceBatch();
        JavaTreeScorer java = JavaTreeScorer.fromBundle(bundle);
        List<Float> margins = bundle.metadata().referenceBatch.margins;
        JavaTreeScorer twoUlpsUp = java.withBaseMargin(Math.nextUp(Math.nextUp(java.baseMargin())));
        float[][] rows = ReferenceBatches.rows(bundle.metadata().referenceBatch, TrainedModels.FEATURES);
        for (int r = 0; r < rows.length; r++) {
            margins.set(r, twoUlpsUp.margin(rows[r]));
        }

        try (Selection selection = ScorerSelector.select(bundle, Preference.AUTO)) {
            assertThat(selection.scorer()).isInstanceOf(XGBoostScorer.class);
        }
    }

    @Test
    void preferenceIsReadFromConfiguration() {
        assertThat(Preference.parse("auto")).isEqualTo(Preference.AUTO);
        assertThat(Preference.parse(" Java ")).isEqualTo(Preference.JAVA);
        assertThat(Preference.parse("XGBoost4J")).isEqualTo(Preference.XGBOOST4J);
        assertThat(Preference.XGBOOST4J.configValue()).isEqualTo("xgboost4j");
        assertThatThrownBy(() -> Preference.parse("fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown scorer 'fast'; expected auto, java or xgboost4j");
    }
}
