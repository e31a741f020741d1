package io.intentstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Test fixture: hand-written XGBoost JSON models, complete enough for XGBoost4J to load them, so a rule can
 * be shown on a tree small enough to read and checked against XGBoost itself.
 */
final class CraftedModels {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private CraftedModels() {}

    /** A node of a tree being written: a leaf or a split with two subtrees. */
    sealed interface Node permits Leaf, Split {}

    record Leaf(float value) implements Node {}

    /** {@code feature < threshold} goes to {@code left}; a missing value goes left iff {@code defaultLeft}. */
    record Split(int feature, float threshold, boolean defaultLeft, Node left, Node right) implements Node {}

    static Leaf leaf(float value) {
        return new Leaf(value);
    }

    static Split split(int feature, float threshold, boolean defaultLeft, Node left, Node right) {
        return new Split(feature, threshold, defaultLeft, left, right);
    }

    /** A model whose rounds each hold {@code treesPerRound} of the given trees, in order. */
    static byte[] model(String baseScore, Integer bestIteration, int numFeatures, int treesPerRound, Node... trees) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode learner = root.putObject("learner");
        ObjectNode attributes = learner.putObject("attributes");
        if (bestIteration != null) {
            attributes.put("best_iteration", bestIteration.toString());
        }
        learner.putArray("feature_names");
        learner.putArray("feature_types");
        ObjectNode booster = learner.putObject("gradient_booster");
        ObjectNode model = booster.putObject("model");
        ObjectNode gbParam = model.putObject("gbtree_model_param");
        gbParam.put("num_parallel_tree", Integer.toString(treesPerRound));
        gbParam.put("num_trees", Integer.toString(trees.length));
        ArrayNode indptr = model.putArray("iteration_indptr");
        for (int t = 0; t <= trees.length; t += treesPerRound) {
            indptr.add(t);
        }
        ArrayNode info = model.putArray("tree_info");
        ArrayNode treesJson = model.putArray("trees");
        for (int t = 0; t < trees.length; t++) {
            info.add(0);
            treesJson.add(tree(t, trees[t], numFeatures));
        }
        booster.put("name", "gbtree");
        ObjectNode param = learner.putObject("learner_model_param");
        param.put("base_score", baseScore);
        param.put("boost_from_average", "1");
        param.put("num_class", "0");
        param.put("num_feature", Integer.toString(numFeatures));
        param.put("num_target", "1");
        ObjectNode objective = learner.putObject("objective");
        objective.put("name", "binary:logistic");
        objective.putObject("reg_loss_param").put("scale_pos_weight", "1");
        root.putArray("version").add(2).add(1).add(4);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** XGBoost's node arrays for a tree, nodes numbered breadth-first as XGBoost numbers them. */
    private static ObjectNode tree(int id, Node rootNode, int numFeatures) {
        List<Node> order = new ArrayList<>();
        List<Integer> parents = new ArrayList<>();
        order.add(rootNode);
        parents.add(Integer.MAX_VALUE);
        List<Integer> left = new ArrayList<>();
        List<Integer> right = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i) instanceof Split s) {
                left.add(order.size());
                order.add(s.left());
                parents.add(i);
                right.add(order.size());
                order.add(s.right());
                parents.add(i);
            } else {
                left.add(-1);
                right.add(-1);
            }
        }
        ObjectNode tree = MAPPER.createObjectNode();
        ArrayNode baseWeights = tree.putArray("base_weights");
        tree.putArray("categories");
        tree.putArray("categories_nodes");
        tree.putArray("categories_segments");
        tree.putArray("categories_sizes");
        ArrayNode defaultLeft = tree.putArray("default_left");
        tree.put("id", id);
        ArrayNode leftChildren = tree.putArray("left_children");
        ArrayNode lossChanges = tree.putArray("loss_changes");
        ArrayNode parentsJson = tree.putArray("parents");
        ArrayNode rightChildren = tree.putArray("right_children");
        ArrayNode conditions = tree.putArray("split_conditions");
        ArrayNode indices = tree.putArray("split_indices");
        ArrayNode splitType = tree.putArray("split_type");
        ArrayNode hessian = tree.putArray("sum_hessian");
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            boolean isSplit = n instanceof Split;
            Split s = isSplit ? (Split) n : null;
            float condition = isSplit ? s.threshold() : ((Leaf) n).value();
            baseWeights.add(condition);
            defaultLeft.add(isSplit && s.defaultLeft() ? 1 : 0);
            leftChildren.add(left.get(i));
            rightChildren.add(right.get(i));
            lossChanges.add(isSplit ? 1.0f : 0.0f);
            parentsJson.add(parents.get(i));
            conditions.add(condition);
            indices.add(isSplit ? s.feature() : 0);
            splitType.add(0);
            hessian.add(1.0f);
        }
        ObjectNode treeParam = tree.putObject("tree_param");
        treeParam.put("num_deleted", "0");
        treeParam.put("num_feature", Integer.toString(numFeatures));
        treeParam.put("num_nodes", Integer.toString(order.size()));
        treeParam.put("size_leaf_vector", "1");
        return tree;
    }

    /** XGBoost4J's margin for one row of a JSON model, over rounds {@code 0..bestIteration} (null: all). */
    static float xgboostMargin(byte[] json, Integer bestIteration, float... row) {
        return xgboostMargins(json, bestIteration, new float[][] {row})[0];
    }

    /** XGBoost4J's margins for rows of a JSON model, over rounds {@code 0..bestIteration} (null: all). */
    static float[] xgboostMargins(byte[] json, Integer bestIteration, float[][] rows) {
        Booster booster = null;
        try {
            booster = XGBoost.loadModel(json);
            int end = bestIteration == null ? 0 : bestIteration + 1;
            float[][] margins = booster.inplace_predict(TrainedModels.flatten(rows), rows.length, rows[0].length,
                    Float.NaN, new int[] {0, end}, Booster.PredictionType.kMargin, null);
            float[] out = new float[rows.length];
            for (int r = 0; r < out.length; r++) {
                out[r] = margins[r][0];
            }
            return out;
        } catch (XGBoostError | java.io.IOException e) {
            throw new IllegalStateException("XGBoost4J rejected the crafted model: " + e.getMessage(), e);
        } finally {
            if (booster != null) {
                booster.dispose();
            }
        }
    }

    /** Parses, lets {@code edit} change the tree, and writes back: for models XGBoost4J cannot train. */
    static byte[] edit(byte[] json, java.util.function.Consumer<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(json);
            edit.accept(root);
            return MAPPER.writeValueAsBytes(root);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
