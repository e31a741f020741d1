package io.intentstream.model;

import java.util.Arrays;
import java.util.List;

/**
 * Scores {@code binary:logistic} and {@code survival:aft} gbtree models in plain Java from XGBoost's JSON model, with the same float32
 * arithmetic as XGBoost's CPU predictor so that margins are bit-identical to XGBoost4J's.
 *
 * <p>Rules, each mirroring XGBoost: the stored {@code base_score} is a probability and the sum starts from its
 * logit; leaf values are added in float32 in tree order; a split sends {@code x < threshold} left, any other
 * number right, and a missing value (NaN) to the node's default side; only the trees of rounds
 * {@code 0..best_iteration} count. Models it cannot evaluate exactly (DART, gblinear, categorical splits,
 * vector leaves, multi-class or any other objective) are refused with a {@link BundleException}.
 *
 * <p>Speed: trees are flat int arrays walked without branches, four at a time, and a prediction allocates
 * nothing. Like every {@link PropensityScorer} an instance is not thread-safe (it reuses a small buffer);
 * give each thread its own.
 */
public final class JavaTreeScorer implements PropensityScorer {
    /**
     * Deepest trees stored as complete binary trees; deeper ones (e.g. {@code grow_policy=lossguide}) would
     * need too much padding and use the pointer layout instead.
     */
    static final int MAX_COMPLETE_DEPTH = 10;
    /** Bound on leaf slots of the complete layout over all trees (16 MB of leaves), so padding stays cheap. */
    private static final long MAX_COMPLETE_LEAVES = 1L << 22;
    /** Words per inner node in the pointer layout: slot, threshold key, left ref, right ref. */
    private static final int POINTER_STRIDE = 4;

    /*
     * A node tests "slot" against "threshold key", where slot = 2 * feature + (1 if missing goes left) indexes
     * the per-row key buffer: keys[2f] and keys[2f + 1] both hold feature f's value as an order-preserving int
     * (valueKey), except that a NaN becomes Integer.MAX_VALUE in the first (above every threshold: right) and
     * Integer.MIN_VALUE in the second (below every threshold: left). A split is then one integer comparison
     * that also routes missing values, computed arithmetically: which way a row goes is unpredictable, and a
     * mispredicted branch per level costs more than the walk itself.
     *
     * Complete layout (depth > 0): every tree padded to a complete binary tree of `depth` levels, node i's
     * children at 2i+1 and 2i+2, two words per inner node. A leaf above the bottom level is copied into every
     * bottom slot under it, so whichever way its filler nodes send a row, the same value comes out. Every row
     * takes exactly `depth` steps per tree with no data-dependent loop exit, so four trees are walked side by
     * side. Pointer layout (depth == 0): four words per inner node with the child references; a reference
     * >= 0 is a word offset into nodes, < 0 is ~index into leaves.
     */
    private final int depth;
    private final int[] nodes;
    private final float[] leaves;
    /** Pointer layout only: each tree's root reference, in tree order. */
    private final int[] roots;
    private final int treeCount;
    private final float baseMargin;
    private final Facts facts;
    /** The current row as keys, two per feature (see above); reused so predictions allocate nothing. */
    private final int[] keys;

    /** The trees for TreeSHAP, or {@code null} when the model stores no node covers ({@link #noShapReason}). */
    private final TreeShap shap;
    private final String noShapReason;
    /** The bundle's margin-to-propensity map, or {@code null}: XGBoost's sigmoid. */
    private final Calibration calibration;
    /** TreeSHAP's path buffers, made on the first {@link #contributions} call: most scorers never explain. */
    private TreeShap.Workspace shapWorkspace;

    /** What is known about the model besides its layout, shared by copies with another base margin. */
    private record Facts(int numFeatures, int roundsUsed, int roundsInModel, float[][] thresholds,
            float[] firstTreeLeaves, boolean survival) {}

    private JavaTreeScorer(int depth, int[] nodes, float[] leaves, int[] roots, int treeCount, float baseMargin,
            Facts facts, TreeShap shap, String noShapReason, Calibration calibration) {
        this.calibration = calibration;
        this.shap = shap;
        this.noShapReason = noShapReason;
        this.depth = depth;
        this.nodes = nodes;
        this.leaves = leaves;
        this.roots = roots;
        this.treeCount = treeCount;
        this.baseMargin = baseMargin;
        this.facts = facts;
        this.keys = new int[2 * facts.numFeatures()];
    }

    /**
     * Loads the bundle's booster, evaluating the rounds {@link RoundLimit} gives (as {@link XGBoostScorer} does):
     * up to {@code best_iteration} from {@code bundle.json} when set, else the one recorded in the model, else all;
     * with the bundle's calibration, if any.
     */
    public static JavaTreeScorer fromBundle(ModelBundle bundle) {
        BundleMetadata metadata = bundle.metadata();
        // Outside the try: a bad calibration is the bundle's fault, not something the Java evaluator lacks.
        Calibration calibration = Calibration.fromJson(metadata.calibration);
        try {
            XGBoostJsonModel model = XGBoostJsonModel.parse(bundle.boosterJson());
            int names = metadata.featureNames == null ? 0 : metadata.featureNames.size();
            if (names != 0 && names != model.numFeatures) {
                throw new BundleException("bundle.json lists " + names + " features but the booster was trained on "
                        + model.numFeatures);
            }
            return compile(model, RoundLimit.roundsToEvaluate(metadata.bestIteration, model.bestIteration,
                    model.numRounds()), MAX_COMPLETE_DEPTH).withCalibration(calibration);
        } catch (BundleException e) {
            throw new BundleException("Java evaluator cannot load model " + metadata.modelVersion + ": "
                    + e.getMessage(), e);
        }
    }

    /** Loads an XGBoost JSON model, honouring the {@code best_iteration} recorded in it if any. */
    public static JavaTreeScorer fromModelJson(byte[] json) {
        XGBoostJsonModel model = XGBoostJsonModel.parse(json);
        return compile(model, RoundLimit.roundsToEvaluate(null, model.bestIteration, model.numRounds()), MAX_COMPLETE_DEPTH);
    }

    /** Loads an XGBoost JSON model using rounds {@code 0..bestIteration}, or all rounds when it is {@code null}. */
    public static JavaTreeScorer fromModelJson(byte[] json, Integer bestIteration) {
        return fromModelJson(json, bestIteration, MAX_COMPLETE_DEPTH);
    }

    /** As {@link #fromModelJson(byte[], Integer)} with a chosen depth limit for the complete layout (tests). */
    static JavaTreeScorer fromModelJson(byte[] json, Integer bestIteration, int maxCompleteDepth) {
        XGBoostJsonModel model = XGBoostJsonModel.parse(json);
        return compile(model, RoundLimit.roundsToEvaluate(bestIteration, null, model.numRounds()), maxCompleteDepth);
    }

    /**
     * The same model starting its sum from {@code margin} instead of the Java logit of {@code base_score}.
     * XGBoost takes that logit with C's {@code logf}, which is not correctly rounded and for a few base scores
     * lands one ulp away from Java's; {@link ScorerSelector} uses this when the reference margins show it.
     */
    public JavaTreeScorer withBaseMargin(float margin) {
        return new JavaTreeScorer(depth, nodes, leaves, roots, treeCount, margin, facts, shap, noShapReason,
                calibration);
    }

    /** The same model with {@code calibration} (or none) mapping margins to propensities. */
    public JavaTreeScorer withCalibration(Calibration calibration) {
        return new JavaTreeScorer(depth, nodes, leaves, roots, treeCount, baseMargin, facts, shap, noShapReason,
                calibration);
    }

    /** The calibration {@link #predict} applies, or {@code null}. */
    public Calibration calibration() {
        return calibration;
    }

    /**
     * Whether starting from {@code otherBaseMargin} gives the same margin as {@link #baseMargin()} for every
     * input: true when the two starts are equal after adding each leaf of the first tree, since everything
     * after that is the same computation.
     */
    boolean sameMarginsFrom(float otherBaseMargin) {
        if (treeCount == 0) {
            return Float.floatToIntBits(otherBaseMargin) == Float.floatToIntBits(baseMargin);
        }
        for (float leaf : facts.firstTreeLeaves()) {
            if (Float.floatToIntBits(baseMargin + leaf) != Float.floatToIntBits(otherBaseMargin + leaf)) {
                return false;
            }
        }
        return true;
    }

    /** The raw score (log-odds) for one row of {@link #numFeatures()} features, NaN meaning missing. */
    public float margin(float[] features) {
        if (features.length != facts.numFeatures()) {
            throw new IllegalArgumentException("expected " + facts.numFeatures() + " features, got " + features.length);
        }
        final int[] keys = this.keys;
        for (int f = 0; f < features.length; f++) {
            float x = features[f];
            int key = valueKey(x);
            boolean missing = x != x;
            keys[2 * f] = missing ? Integer.MAX_VALUE : key;
            keys[2 * f + 1] = missing ? Integer.MIN_VALUE : key;
        }
        return depth > 0 ? completeMargin(keys) : pointerMargin(keys);
    }

    /**
     * Walks four trees at a time, level by level: one tree is a chain of dependent loads, four independent
     * chains keep the CPU busy. Leaf values are still added one tree at a time in tree order, as the
     * bit-identical sum requires.
     */
    private float completeMargin(int[] keys) {
        final int[] nodes = this.nodes;
        final float[] leaves = this.leaves;
        final int depth = this.depth;
        final int inner = (1 << depth) - 1;
        final int treeWords = inner * 2;
        final int treeLeaves = inner + 1;
        float sum = baseMargin;
        int t = 0;
        for (; t + 4 <= treeCount; t += 4) {
            int w0 = t * treeWords;
            int w1 = w0 + treeWords;
            int w2 = w1 + treeWords;
            int w3 = w2 + treeWords;
            int i0 = 0;
            int i1 = 0;
            int i2 = 0;
            int i3 = 0;
            for (int level = 0; level < depth; level++) {
                i0 = child(nodes, keys, w0, i0);
                i1 = child(nodes, keys, w1, i1);
                i2 = child(nodes, keys, w2, i2);
                i3 = child(nodes, keys, w3, i3);
            }
            int l0 = t * treeLeaves - inner;
            sum += leaves[l0 + i0];
            sum += leaves[l0 + treeLeaves + i1];
            sum += leaves[l0 + 2 * treeLeaves + i2];
            sum += leaves[l0 + 3 * treeLeaves + i3];
        }
        for (; t < treeCount; t++) {
            int w = t * treeWords;
            int i = 0;
            for (int level = 0; level < depth; level++) {
                i = child(nodes, keys, w, i);
            }
            sum += leaves[t * treeLeaves - inner + i];
        }
        return sum;
    }

    /** Index of node {@code i}'s child that the row goes to, in the complete tree whose words start at {@code base}. */
    private static int child(int[] nodes, int[] keys, int base, int i) {
        int w = base + 2 * i;
        return 2 * i + 2 - less(keys[nodes[w]], nodes[w + 1]);
    }

    private float pointerMargin(int[] keys) {
        final int[] nodes = this.nodes;
        final float[] leaves = this.leaves;
        float sum = baseMargin;
        for (int ref : roots) {
            while (ref >= 0) {
                ref = nodes[ref + 3 - less(keys[nodes[ref]], nodes[ref + 1])];
            }
            sum += leaves[~ref];
        }
        return sum;
    }

    /** 1 if {@code a < b}, else 0, without a branch (the sign of the difference, taken in 64 bits). */
    private static int less(int a, int b) {
        return (int) (((long) a - b) >>> 63);
    }

    /**
     * An int that orders like the float for every non-NaN value: positive floats keep their bits, negative
     * ones are mapped below them in reverse magnitude order, so -0.0 gets -1 and +0.0 gets 0.
     */
    private static int valueKey(float x) {
        int bits = Float.floatToRawIntBits(x);
        return bits ^ ((bits >> 31) & 0x7FFF_FFFF);
    }

    /**
     * The key of a split threshold. IEEE says {@code -0.0 < 0.0} is false, so a zero threshold (either sign)
     * takes the key of -0.0: then neither zero is below it and every negative number still is.
     */
    static int thresholdKey(float threshold) {
        return threshold == 0f ? -1 : valueKey(threshold);
    }

    /**
     * The objective's output: for {@code binary:logistic} the propensity (the bundle's calibration of the margin
     * if it has one, else XGBoost's sigmoid of it); for {@code survival:aft} the expected time, exp of the margin.
     */
    @Override
    public float predict(float[] features) {
        float margin = margin(features);
        if (facts.survival()) {
            return exp(margin);
        }
        return calibration == null ? sigmoid(margin) : calibration.apply(margin);
    }

    /**
     * XGBoost's {@code survival:aft} output transform, {@code expf} of the float32 margin. Java's exp in double
     * rounded to float is the correctly rounded expf; glibc's expf is within 0.502 ulp of it, so a rare margin may
     * differ by one ulp (the parity of a trained bundle is measured in JavaTreeScorerSurvivalTest).
     */
    public static float exp(float margin) {
        return (float) StrictMath.exp(margin);
    }

    /**
     * Exact TreeSHAP contributions of each feature to {@link #margin} for one row, as XGBoost's
     * {@code pred_contribs} gives them: {@code out[f]} for feature f, {@code out[numFeatures()]} the bias (the
     * trees' expected value plus the base margin). They sum to the margin up to float rounding. Allocates
     * nothing after the first call.
     *
     * @param out at least {@code numFeatures() + 1} long
     * @throws UnsupportedOperationException when the model stores no node covers ({@code sum_hessian})
     */
    @Override
    public void contributions(float[] features, float[] out) {
        if (shap == null) {
            throw new UnsupportedOperationException("the Java evaluator cannot explain this model: " + noShapReason);
        }
        if (features.length != facts.numFeatures() || out.length < facts.numFeatures() + 1) {
            throw new IllegalArgumentException("expected " + facts.numFeatures() + " features and room for "
                    + (facts.numFeatures() + 1) + " contributions, got " + features.length + " and " + out.length);
        }
        if (shapWorkspace == null) {
            shapWorkspace = shap.newWorkspace();
        }
        shap.contributions(features, baseMargin, out, shapWorkspace);
    }

    @Override
    public boolean explains() {
        return shap != null;
    }

    /**
     * XGBoost's float32 logistic transform, operation for operation. Its {@code expf} comes from the C
     * library and is not correctly rounded, so about one probability in a thousand differs from XGBoost4J's
     * by one ulp; margins, which decide everything, are exact.
     */
    public static float sigmoid(float margin) {
        float x = Math.min(-margin, 88.7f);
        // StrictMath: the same result on every JVM and CPU, so scores are reproducible across machines.
        float denominator = (float) StrictMath.exp(x) + 1.0f + 1e-16f;
        return 1.0f / denominator;
    }

    /** The margin of a probability as XGBoost computes it for {@code binary:logistic}, in float32. */
    static float logit(float probability) {
        return (float) -StrictMath.log(1.0f / probability - 1.0f);
    }

    /** The value the sum starts from: the logit of {@code base_score}, unless replaced by {@link #withBaseMargin}. */
    public float baseMargin() {
        return baseMargin;
    }

    public int numFeatures() {
        return facts.numFeatures();
    }

    /** Trees evaluated per prediction. */
    public int numTrees() {
        return treeCount;
    }

    /** Depth of the complete-tree layout, or 0 when the trees are too deep for it and stored with pointers. */
    int completeDepth() {
        return depth;
    }

    /** Boosting rounds evaluated: {@code best_iteration + 1}, or all rounds of the model. */
    public int roundsUsed() {
        return facts.roundsUsed();
    }

    /** Boosting rounds stored in the model, including those after {@code best_iteration}. */
    public int roundsInModel() {
        return facts.roundsInModel();
    }

    /** Distinct split thresholds per feature, ascending; lets checks probe every split boundary. */
    float[][] splitThresholds() {
        float[][] thresholds = facts.thresholds();
        float[][] copy = new float[thresholds.length][];
        for (int f = 0; f < thresholds.length; f++) {
            copy[f] = thresholds[f].clone();
        }
        return copy;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void close() {
        // Nothing native to release.
    }

    @Override
    public String toString() {
        return "JavaTreeScorer{trees=" + treeCount + ", rounds=" + facts.roundsUsed() + "/" + facts.roundsInModel()
                + ", layout=" + (depth > 0 ? "complete depth " + depth : "pointer") + ", features=" + facts.numFeatures()
                + ", baseMargin=" + baseMargin + (calibration == null ? "" : ", " + calibration) + "}";
    }

    /** Compiles the trees of rounds {@code 0..roundsUsed-1} ({@link RoundLimit} says how many). */
    private static JavaTreeScorer compile(XGBoostJsonModel model, int roundsUsed, int maxCompleteDepth) {
        int rounds = model.numRounds();
        List<XGBoostJsonModel.Tree> trees = model.trees.subList(0, model.iterationIndptr[roundsUsed]);
        int maxDepth = 0;
        for (int t = 0; t < trees.size(); t++) {
            maxDepth = Math.max(maxDepth, depthOf(trees.get(t), t));
        }
        boolean survival = XGBoostJsonModel.SURVIVAL_AFT.equals(model.objective);
        float baseMargin = survival ? (float) StrictMath.log(model.baseScore) : logit(model.baseScore);
        Facts facts = new Facts(model.numFeatures, roundsUsed, rounds, thresholdsByFeature(trees, model.numFeatures),
                trees.isEmpty() ? new float[0] : leafValues(trees.get(0)), survival);
        TreeShap shap = null;
        String noShapReason = null;
        try {
            shap = TreeShap.of(trees, model.numFeatures, maxDepth);
        } catch (BundleException e) {
            noShapReason = e.getMessage();
        }
        // A forest of stumps-only leaves (depth 0) still gets one filler level so the walk is uniform.
        int completeDepth = Math.max(1, maxDepth);
        if (completeDepth <= maxCompleteDepth && ((long) trees.size() << completeDepth) <= MAX_COMPLETE_LEAVES) {
            int inner = (1 << completeDepth) - 1;
            int[] nodes = new int[trees.size() * inner * 2];
            float[] leaves = new float[trees.size() * (inner + 1)];
            for (int t = 0; t < trees.size(); t++) {
                fillComplete(trees.get(t), 0, 0, 0, completeDepth, nodes, t * inner * 2, leaves, t * (inner + 1));
            }
            return new JavaTreeScorer(completeDepth, nodes, leaves, null, trees.size(), baseMargin, facts, shap,
                    noShapReason, null);
        }
        return compilePointers(trees, baseMargin, facts, shap, noShapReason);
    }

    /** Depth of the deepest leaf (the root alone has depth 0); refuses structures that are not trees. */
    private static int depthOf(XGBoostJsonModel.Tree tree, int t) {
        int[] stackNode = new int[Math.max(2, tree.size())];
        int[] stackDepth = new int[stackNode.length];
        int top = 0;
        stackNode[top] = 0;
        stackDepth[top++] = 0;
        int visited = 0;
        int max = 0;
        while (top > 0) {
            top--;
            int id = stackNode[top];
            int d = stackDepth[top];
            if (++visited > tree.size()) {
                throw new BundleException("tree " + t + " is not a tree: a node is reachable twice");
            }
            if (tree.isLeaf(id)) {
                max = Math.max(max, d);
            } else {
                if (top + 2 > stackNode.length) {
                    throw new BundleException("tree " + t + " is not a tree: a node is reachable twice");
                }
                stackNode[top] = tree.left[id];
                stackDepth[top++] = d + 1;
                stackNode[top] = tree.right[id];
                stackDepth[top++] = d + 1;
            }
        }
        return max;
    }

    /**
     * Writes XGBoost node {@code id} at position {@code pos} of a complete tree; a leaf reached above the bottom
     * level fills its whole subtree (its filler inner nodes test slot 0 against key 0; either way leads to the leaf).
     */
    private static void fillComplete(XGBoostJsonModel.Tree tree, int id, int pos, int level, int depth, int[] nodes,
            int nodeBase, float[] leaves, int leafBase) {
        int inner = (1 << depth) - 1;
        if (level == depth) {
            leaves[leafBase + pos - inner] = tree.condition[id];
            return;
        }
        boolean leaf = tree.isLeaf(id);
        int w = nodeBase + 2 * pos;
        nodes[w] = leaf ? 0 : slot(tree, id);
        nodes[w + 1] = leaf ? 0 : thresholdKey(tree.condition[id]);
        fillComplete(tree, leaf ? id : tree.left[id], 2 * pos + 1, level + 1, depth, nodes, nodeBase, leaves, leafBase);
        fillComplete(tree, leaf ? id : tree.right[id], 2 * pos + 2, level + 1, depth, nodes, nodeBase, leaves, leafBase);
    }

    private static JavaTreeScorer compilePointers(List<XGBoostJsonModel.Tree> trees, float baseMargin, Facts facts,
            TreeShap shap, String noShapReason) {
        int capacity = 0;
        for (XGBoostJsonModel.Tree tree : trees) {
            capacity += tree.size();
        }
        int[] nodes = new int[capacity * POINTER_STRIDE];
        float[] leaves = new float[capacity];
        int[] roots = new int[trees.size()];
        int innerWords = 0;
        int leafCount = 0;
        // Pending XGBoost node ids with the word that must receive their reference (-1: the tree's root).
        int[] stackNode = new int[16];
        int[] stackSlot = new int[16];
        for (int t = 0; t < trees.size(); t++) {
            XGBoostJsonModel.Tree tree = trees.get(t);
            int top = 0;
            stackNode[top] = 0;
            stackSlot[top++] = -1;
            while (top > 0) {
                top--;
                int id = stackNode[top];
                int slot = stackSlot[top];
                int ref;
                if (tree.isLeaf(id)) {
                    leaves[leafCount] = tree.condition[id];
                    ref = ~leafCount++;
                } else {
                    ref = innerWords;
                    nodes[ref] = slot(tree, id);
                    nodes[ref + 1] = thresholdKey(tree.condition[id]);
                    innerWords += POINTER_STRIDE;
                    if (top + 2 > stackNode.length) {
                        stackNode = Arrays.copyOf(stackNode, stackNode.length * 2);
                        stackSlot = Arrays.copyOf(stackSlot, stackSlot.length * 2);
                    }
                    // Right first so the left child is popped, and laid out, right after its parent.
                    stackNode[top] = tree.right[id];
                    stackSlot[top++] = ref + 3;
                    stackNode[top] = tree.left[id];
                    stackSlot[top++] = ref + 2;
                }
                if (slot < 0) {
                    roots[t] = ref;
                } else {
                    nodes[slot] = ref;
                }
            }
        }
        return new JavaTreeScorer(0, Arrays.copyOf(nodes, innerWords), Arrays.copyOf(leaves, leafCount), roots,
                trees.size(), baseMargin, facts, shap, noShapReason, null);
    }

    /** Index into the row's key buffer: the feature's key with NaN mapped to the node's default side. */
    private static int slot(XGBoostJsonModel.Tree tree, int id) {
        return 2 * tree.feature[id] + (tree.defaultLeft[id] ? 1 : 0);
    }

    private static float[] leafValues(XGBoostJsonModel.Tree tree) {
        float[] values = new float[tree.size()];
        int n = 0;
        for (int i = 0; i < tree.size(); i++) {
            if (tree.isLeaf(i)) {
                values[n++] = tree.condition[i];
            }
        }
        return Arrays.copyOf(values, n);
    }

    private static float[][] thresholdsByFeature(List<XGBoostJsonModel.Tree> trees, int numFeatures) {
        float[][] byFeature = new float[numFeatures][];
        int[] counts = new int[numFeatures];
        for (XGBoostJsonModel.Tree tree : trees) {
            for (int i = 0; i < tree.size(); i++) {
                if (!tree.isLeaf(i)) {
                    counts[tree.feature[i]]++;
                }
            }
        }
        for (int f = 0; f < numFeatures; f++) {
            byFeature[f] = new float[counts[f]];
            counts[f] = 0;
        }
        for (XGBoostJsonModel.Tree tree : trees) {
            for (int i = 0; i < tree.size(); i++) {
                if (!tree.isLeaf(i)) {
                    byFeature[tree.feature[i]][counts[tree.feature[i]]++] = tree.condition[i];
                }
            }
        }
        for (int f = 0; f < numFeatures; f++) {
            float[] sorted = byFeature[f];
            Arrays.sort(sorted);
            int distinct = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (distinct == 0 || Float.compare(sorted[i], sorted[distinct - 1]) != 0) {
                    sorted[distinct++] = sorted[i];
                }
            }
            byFeature[f] = Arrays.copyOf(sorted, distinct);
        }
        return byFeature;
    }
}
