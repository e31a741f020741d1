package io.intentstream.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * XGBoost's JSON model format read into plain arrays, checked for what {@link JavaTreeScorer} can evaluate.
 *
 * <p>Layout (XGBoost 1.x and 2.x): {@code learner.learner_model_param} holds {@code base_score} (a string,
 * a probability for {@code binary:logistic}), {@code num_feature}, {@code num_class}, {@code num_target};
 * {@code learner.objective.name}; {@code learner.attributes.best_iteration} (a string, written when training
 * had a watch list); {@code learner.gradient_booster.name} is {@code gbtree}, {@code dart} or {@code gblinear};
 * {@code gradient_booster.model} has {@code trees}, {@code tree_info} (output group per tree) and, since 1.7,
 * {@code iteration_indptr} (first tree of each boosting round). A tree stores one array per node attribute;
 * for a leaf, {@code split_conditions} holds the leaf value.
 */
final class XGBoostJsonModel {
    /**
     * Numbers are kept as exact decimals so each converts to float once, as XGBoost parses them. XGBoost
     * writes NaN (e.g. as the condition of a categorical split) as a bare {@code NaN}, which JSON lacks.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    final String objective;
    static final String BINARY_LOGISTIC = "binary:logistic";
    static final String SURVIVAL_AFT = "survival:aft";
    /** {@code base_score} exactly as stored: a probability. */
    final float baseScore;
    final int numFeatures;
    /** {@code learner.attributes.best_iteration}, or {@code null} when the model has none. */
    final Integer bestIteration;
    /** {@code iterationIndptr[r]} is the first tree of round r; the last entry is the number of trees. */
    final int[] iterationIndptr;
    final List<Tree> trees;

    /** One regression tree as XGBoost stores it; node 0 is the root, a child index of -1 marks a leaf. */
    static final class Tree {
        final int[] left;
        final int[] right;
        final int[] feature;
        /** Split threshold for inner nodes, leaf value for leaves. */
        final float[] condition;
        final boolean[] defaultLeft;
        /**
         * {@code sum_hessian}: the cover (hessian sum of the training rows) of each node, which TreeSHAP and
         * feature importance weigh by; {@code null} when the model does not store it.
         */
        final float[] cover;
        /** {@code loss_changes}: the gain of each split (0 for leaves); {@code null} when not stored. */
        final float[] gain;

        Tree(int[] left, int[] right, int[] feature, float[] condition, boolean[] defaultLeft) {
            this(left, right, feature, condition, defaultLeft, null, null);
        }

        Tree(int[] left, int[] right, int[] feature, float[] condition, boolean[] defaultLeft, float[] cover,
                float[] gain) {
            this.left = left;
            this.right = right;
            this.feature = feature;
            this.condition = condition;
            this.defaultLeft = defaultLeft;
            this.cover = cover;
            this.gain = gain;
        }

        int size() {
            return left.length;
        }

        boolean isLeaf(int node) {
            return left[node] == -1;
        }
    }

    private XGBoostJsonModel(String objective, float baseScore, int numFeatures, Integer bestIteration,
            int[] iterationIndptr, List<Tree> trees) {
        this.objective = objective;
        this.baseScore = baseScore;
        this.numFeatures = numFeatures;
        this.bestIteration = bestIteration;
        this.iterationIndptr = iterationIndptr;
        this.trees = trees;
    }

    int numRounds() {
        return iterationIndptr.length - 1;
    }

    /** Parses and validates; every refusal is a {@link BundleException} saying what is unsupported. */
    static XGBoostJsonModel parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BundleException("the booster is not an XGBoost JSON model (UBJSON and the legacy binary format"
                    + " are not read by the Java evaluator): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BundleException("cannot read the booster JSON: " + e.getMessage(), e);
        }
        JsonNode learner = required(root, "learner");
        JsonNode modelParam = required(learner, "learner_model_param");
        String objective = required(required(learner, "objective"), "name").asText();
        JsonNode booster = required(learner, "gradient_booster");
        String boosterName = required(booster, "name").asText();

        // Booster kind first: a DART or gblinear model must be refused for what it is, whatever its objective.
        if ("dart".equals(boosterName)) {
            throw new BundleException("the model uses the DART booster; the Java evaluator does not apply DART's"
                    + " per-tree weights (weight_drop), use the xgboost4j scorer");
        }
        if (!"gbtree".equals(boosterName)) {
            throw new BundleException("the model uses the " + boosterName + " booster; the Java evaluator scores"
                    + " tree models (gbtree) only, use the xgboost4j scorer");
        }
        int numClass = intParam(modelParam, "num_class", 0);
        if (numClass > 1) {
            throw new BundleException("the model is multi-class (num_class " + numClass + ", objective " + objective
                    + "); the Java evaluator scores binary:logistic and survival:aft models only");
        }
        if (!BINARY_LOGISTIC.equals(objective) && !SURVIVAL_AFT.equals(objective)) {
            throw new BundleException("the model's objective is " + objective
                    + "; the Java evaluator scores binary:logistic and survival:aft models only");
        }
        int numTarget = intParam(modelParam, "num_target", 1);
        if (numTarget > 1) {
            throw new BundleException("the model has " + numTarget + " targets (vector leaves);"
                    + " the Java evaluator scores single-output models only");
        }
        float baseScore = toFloat(required(modelParam, "base_score"), "learner_model_param.base_score");
        if (SURVIVAL_AFT.equals(objective) ? !(baseScore > 0f && baseScore < Float.POSITIVE_INFINITY)
                : !(baseScore > 0f && baseScore < 1f)) {
            if (SURVIVAL_AFT.equals(objective)) {
                throw new BundleException("base_score " + baseScore + " is not a positive time, as survival:aft requires");
            }
            throw new BundleException("base_score " + baseScore + " is not a probability in (0, 1),"
                    + " as binary:logistic requires");
        }
        int numFeatures = intParam(modelParam, "num_feature", -1);
        if (numFeatures <= 0) {
            throw new BundleException("learner_model_param.num_feature is missing or not positive");
        }

        JsonNode model = required(booster, "model");
        JsonNode treesJson = required(model, "trees");
        List<Tree> trees = new ArrayList<>(treesJson.size());
        for (int t = 0; t < treesJson.size(); t++) {
            trees.add(parseTree(treesJson.get(t), t, numFeatures));
        }
        JsonNode treeInfo = model.get("tree_info");
        if (treeInfo != null) {
            for (int t = 0; t < treeInfo.size(); t++) {
                if (treeInfo.get(t).asInt() != 0) {
                    throw new BundleException("tree " + t + " belongs to output group " + treeInfo.get(t).asInt()
                            + "; the Java evaluator scores single-output models only");
                }
            }
        }
        int[] iterationIndptr = iterationIndptr(model, trees.size());
        return new XGBoostJsonModel(objective, baseScore, numFeatures, bestIteration(learner), iterationIndptr, trees);
    }

    private static Tree parseTree(JsonNode json, int t, int numFeatures) {
        JsonNode treeParam = json.get("tree_param");
        int leafVector = treeParam == null ? 1 : intParam(treeParam, "size_leaf_vector", 1);
        if (leafVector > 1) {
            throw new BundleException("tree " + t + " has vector leaves (size_leaf_vector " + leafVector
                    + "); the Java evaluator scores single-output models only");
        }
        int[] left = ints(required(json, "left_children"));
        int n = left.length;
        int[] right = ints(required(json, "right_children"));
        int[] feature = ints(required(json, "split_indices"));
        float[] condition = floats(required(json, "split_conditions"), "tree " + t + " split_conditions");
        boolean[] defaultLeft = booleans(required(json, "default_left"));
        JsonNode splitType = json.get("split_type");
        if (right.length != n || feature.length != n || condition.length != n || defaultLeft.length != n
                || (splitType != null && splitType.size() != n) || n == 0) {
            throw new BundleException("tree " + t + " is malformed: its node arrays have different lengths or are empty");
        }
        for (int i = 0; i < n; i++) {
            if (left[i] == -1) {
                continue;
            }
            if (splitType != null && splitType.get(i).asInt() != 0) {
                throw new BundleException("tree " + t + " node " + i + " is a categorical split on feature " + feature[i]
                        + "; the Java evaluator supports numerical splits only, use the xgboost4j scorer");
            }
            if (left[i] < 0 || left[i] >= n || right[i] < 0 || right[i] >= n || left[i] == i || right[i] == i) {
                throw new BundleException("tree " + t + " node " + i + " has children " + left[i] + "/" + right[i]
                        + " outside the tree");
            }
            if (Float.isNaN(condition[i])) {
                throw new BundleException("tree " + t + " node " + i + " has no split threshold (NaN)");
            }
            if (feature[i] < 0 || feature[i] >= numFeatures) {
                throw new BundleException("tree " + t + " node " + i + " splits on feature " + feature[i]
                        + " but the model has " + numFeatures + " features");
            }
        }
        JsonNode categoryNodes = json.get("categories_nodes");
        if (categoryNodes != null && categoryNodes.size() > 0) {
            throw new BundleException("tree " + t + " has categorical splits (categories_nodes);"
                    + " the Java evaluator supports numerical splits only, use the xgboost4j scorer");
        }
        return new Tree(left, right, feature, condition, defaultLeft, optionalFloats(json, "sum_hessian", n, t),
                optionalFloats(json, "loss_changes", n, t));
    }

    /** A per-node float array the evaluator does not need for margins: absent or of the wrong length gives null. */
    private static float[] optionalFloats(JsonNode tree, String field, int nodes, int t) {
        JsonNode array = tree.get(field);
        if (array == null || !array.isArray() || array.size() != nodes) {
            return null;
        }
        return floats(array, "tree " + t + " " + field);
    }

    /** Tree boundaries per round; XGBoost before 1.7 wrote none, then each round has num_parallel_tree trees. */
    private static int[] iterationIndptr(JsonNode model, int numTrees) {
        JsonNode indptr = model.get("iteration_indptr");
        int[] result;
        if (indptr != null && indptr.isArray()) {
            result = ints(indptr);
        } else {
            JsonNode gbParam = model.get("gbtree_model_param");
            int perRound = gbParam == null ? 1 : intParam(gbParam, "num_parallel_tree", 1);
            if (perRound <= 0 || numTrees % perRound != 0) {
                throw new BundleException("the model has " + numTrees + " trees, not a multiple of num_parallel_tree "
                        + perRound);
            }
            result = new int[numTrees / perRound + 1];
            for (int r = 0; r < result.length; r++) {
                result[r] = r * perRound;
            }
        }
        if (result.length == 0 || result[0] != 0 || result[result.length - 1] != numTrees) {
            throw new BundleException("iteration_indptr does not span the model's " + numTrees + " trees");
        }
        for (int r = 1; r < result.length; r++) {
            if (result[r] < result[r - 1]) {
                throw new BundleException("iteration_indptr is not ascending at round " + r);
            }
        }
        return result;
    }

    private static Integer bestIteration(JsonNode learner) {
        JsonNode attributes = learner.get("attributes");
        JsonNode best = attributes == null ? null : attributes.get("best_iteration");
        if (best == null || best.isNull()) {
            return null;
        }
        try {
            return Integer.valueOf(best.asText().trim());
        } catch (NumberFormatException e) {
            throw new BundleException("learner.attributes.best_iteration is not a number: " + best.asText());
        }
    }

    private static JsonNode required(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new BundleException("the booster JSON lacks '" + field + "'; is it an XGBoost JSON model?");
        }
        return node;
    }

    /** XGBoost writes model parameters as strings ("3"); older versions sometimes as numbers. */
    private static int intParam(JsonNode params, String field, int absent) {
        JsonNode node = params.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        try {
            return Integer.parseInt(node.asText().trim());
        } catch (NumberFormatException e) {
            throw new BundleException("model parameter " + field + " is not an integer: " + node.asText());
        }
    }

    /**
     * Converts a decimal to the float nearest to it, in one rounding step. Going through double first (as
     * {@code JsonNode.floatValue()} does) can round twice and land one ulp away from XGBoost's value.
     */
    static float toFloat(JsonNode node, String what) {
        String text = node.isBigDecimal() ? node.decimalValue().toString() : node.asText().trim();
        try {
            return Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new BundleException(what + " is not a number: " + text);
        }
    }

    private static float[] floats(JsonNode array, String what) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toFloat(array.get(i), what);
        }
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** {@code default_left} is 0/1 in XGBoost 2.x and true/false in some 1.x versions. */
    private static boolean[] booleans(JsonNode array) {
        boolean[] out = new boolean[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            out[i] = v.isBoolean() ? v.booleanValue() : v.asInt() != 0;
        }
        return out;
    }
}
