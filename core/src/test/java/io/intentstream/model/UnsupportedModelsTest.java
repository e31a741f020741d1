package io.intentstream.model;

import static io.intentstream.model.CraftedModels.leaf;
import static io.intentstream.model.CraftedModels.split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;

/** The Java evaluator refuses every model it cannot reproduce exactly, saying what is unsupported. */
class UnsupportedModelsTest {
    private static final int FEATURES = 6;

    /** Trains a few rounds with XGBoost4J; {@code categoricalLast} marks the last feature as categorical. */
    private static byte[] train(Map<String, Object> extra, boolean categoricalLast) throws XGBoostError {
        float[][] rows = TrainedModels.rows(600, FEATURES, 3, 0.1);
        float[] labels = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            rows[r][FEATURES - 1] = r % 5;
            boolean positive = (rows[r][FEATURES - 1] == 2f) ^ (!Float.isNaN(rows[r][0]) && rows[r][0] > 9);
            labels[r] = extra.containsKey("num_class") ? r % 3 : positive ? 1f : 0f;
        }
        DMatrix matrix = TrainedModels.matrix(rows, labels);
        if (categoricalLast) {
            String[] types = new String[FEATURES];
            java.util.Arrays.fill(types, "q");
            types[FEATURES - 1] = "c";
            matrix.setFeatureTypes(types);
        }
        Map<String, Object> params = TrainedModels.params(3, 0.3);
        params.putAll(extra);
        Booster booster = XGBoost.train(matrix, params, 4, new HashMap<>(), null, null);
        try {
            return booster.toByteArray("json");
        } finally {
            booster.dispose();
            matrix.dispose();
        }
    }

    private static byte[] binaryModel() {
        return CraftedModels.model("5E-1", null, 2, 1, split(0, 1f, true, leaf(-1f), leaf(1f)));
    }

    @Test
    void multiClassModelIsRefused() throws XGBoostError {
        byte[] json = train(Map.of("objective", "multi:softprob", "num_class", 3), false);

        assertThatThrownBy(() -> JavaTreeScorer.fromModelJson(json))
                .isInstanceOf(BundleException.class)
                .hasMessage("the model is multi-class (num_class 3, objective multi:softprob);"
                        + " the Java evaluator scores binary:logistic and survival:aft models only");
    }

    @Test
    void dartModelIsRefused() throws XGBoostError {
        byte[] json = train(Map.of("booster", "dart", "rate_drop", 0.1), false);

        assertThatThrownBy(() -> JavaTreeScorer.fromModelJson(json))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("DART booster")
                .hasMessageContaining("weight_drop");
    }

    @Test
    void linearModelIsRefused() throws XGBoostError {
        byte[] json = train(Map.of("booster", "gblinear"), false);

        assertThatThrownBy(() -> JavaTreeScorer.fromModelJson(json))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("uses the gblinear booster; the Java evaluator scores tree models (gbtree) only");
    }

    @Test
    void categoricalSplitIsRefused() throws XGBoostError {
        byte[] json = train(Map.of("max_cat_to_onehot", 1), true);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"c\"");

        assertThatThrownBy(() -> JavaTreeScorer.fromModelJson(json))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("is a categorical split on feature " + (FEATURES - 1))
                .hasMessageContaining("numerical splits only");
    }

    @Test
    void otherObjectivesAreRefused() {
        for (String objective : new String[] {"binary:logitraw", "reg:logistic", "reg:squarederror", "survival:cox"}) {
            byte[] json = CraftedModels.edit(binaryModel(),
                    root -> ((ObjectNode) root.at("/learner/objective")).put("name", objective));

            assertThatThrownBy(() -> JavaTreeScorer.fromModelJson(json))
                    .isInstanceOf(BundleException.class)
                    .hasMessage("the model's objective is " + objective
                            + "; the Java evaluator scores binary:logistic and survival:aft models only");
        }
    }

    @Test
    void vectorLeavesAreRefused() {
        byte[] multiTarget = CraftedModels.edit(binaryModel(),
                root -> ((ObjectNode) root.at("/learner/learner_model_param")).put("num_target", "2"));
        byte[] vectorLeaf = CraftedModels.edit(binaryModel(),
                root -> ((ObjectNode) root.at("/learner/gradient_booster/model/trees/0/tree_param"))
                        .put("size_leaf_vector", "2"));

        assertThatThrownBy(() -> JavaTreeScorer.fromModelJson(multiTarget))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("2 targets (vector leaves)");
        assertThatThrownBy(() -> JavaTreeScorer.fromModelJson(vectorLeaf))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("tree 0 has vector leaves (size_leaf_vector 2)");
    }

    @Test
    void bestIterationBeyondTheModelIsRefused() {
        assertThatThrownBy(() -> JavaTreeScorer.fromModelJson(binaryModel(), 1))
                .isInstanceOf(BundleException.class)
                .hasMessage("best_iteration 1 is outside the model's 1 rounds");
    }

    @Test
    void binaryFormatsAndGarbageAreRefused() throws XGBoostError, java.io.IOException {
        Booster booster = XGBoost.loadModel(binaryModel());
        byte[] ubj = booster.toByteArray("ubj");
        booster.dispose();

        assertThatThrownBy(() -> JavaTreeScorer.fromModelJson(ubj))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("not an XGBoost JSON model");
        assertThatThrownBy(() -> JavaTreeScorer.fromModelJson("{\"foo\": 1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("lacks 'learner'");
    }

    @Test
    void aCycleInATreeIsRefused() {
        // Node 1, a leaf, becomes a split whose children are the root and node 2.
        byte[] cyclic = CraftedModels.edit(binaryModel(), root -> {
            ObjectNode tree = (ObjectNode) root.at("/learner/gradient_booster/model/trees/0");
            ((ArrayNode) tree.get("left_children")).set(1, 0);
            ((ArrayNode) tree.get("right_children")).set(1, 2);
        });

        assertThatThrownBy(() -> JavaTreeScorer.fromModelJson(cyclic))
                .isInstanceOf(BundleException.class)
                .hasMessage("tree 0 is not a tree: a node is reachable twice");
    }

    @Test
    void aSplitWithoutThresholdIsRefused() {
        byte[] json = CraftedModels.edit(binaryModel(), root -> ((ArrayNode)
                root.at("/learner/gradient_booster/model/trees/0/split_conditions")).set(0, Double.NaN));

        assertThatThrownBy(() -> JavaTreeScorer.fromModelJson(json))
                .isInstanceOf(BundleException.class)
                .hasMessage("tree 0 node 0 has no split threshold (NaN)");
    }

    @Test
    void bundleRefusalNamesTheModel() throws XGBoostError {
        ModelBundle bundle = TrainedModels.bundle(train(Map.of("booster", "dart"), false), null, FEATURES);

        assertThatThrownBy(() -> JavaTreeScorer.fromBundle(bundle))
                .isInstanceOf(BundleException.class)
                .hasMessageStartingWith("Java evaluator cannot load model test-model: the model uses the DART booster");
    }
}
