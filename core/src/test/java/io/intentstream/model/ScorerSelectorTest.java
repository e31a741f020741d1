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
                    .startsWith("xgboost4j: the Java evaluator differs from XGBoost4J on the bundle's 500 reference rows:"
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

    @Test
    void autoStartsFromXGBoostsOwnBaseMarginWhereCsLogfRoundsDifferently() {
        // On glibc, logf(1/0.49646086 - 1) is one ulp away from the correctly rounded logit.
        byte[] json = CraftedModels.model("4.9646086E-1", null, 2, 1,
                split(0, 0.5f, true, leaf(0.125f), leaf(-0.0625f)), split(1, 2f, false, leaf(0.01f), leaf(0.2f)));
        ModelBundle bundle = TrainedModels.bundle(json, null, 2);
        float javaLogit = JavaTreeScorer.fromModelJson(json).baseMargin();
        float xgboostBase = CraftedModels.xgboostMargin(
                CraftedModels.model("4.9646086E-1", null, 2, 1, leaf(0f)), null, 0f, 0f);

        try (Selection selection = ScorerSelector.select(bundle, Preference.AUTO)) {
            assertThat(selection.scorer()).isInstanceOf(JavaTreeScorer.class);
            JavaTreeScorer java = (JavaTreeScorer) selection.scorer();
            assertThat(java.baseMargin()).isEqualTo(xgboostBase);
            if (javaLogit != xgboostBase) {
                assertThat(selection.reason()).contains("base margin taken from XGBoost4J");
            }
            for (float[] row : new float[][] {{0f, 0f}, {1f, 3f}, {Float.NaN, Float.NaN}}) {
                assertThat(java.margin(row)).isEqualTo(CraftedModels.xgboostMargin(json, null, row));
            }
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
