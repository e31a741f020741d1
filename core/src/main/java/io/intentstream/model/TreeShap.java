package io.intentstream.model;

import java.util.Arrays;
import java.util.List;

/**
 * Exact TreeSHAP feature contributions (Lundberg et al., "Consistent individualized feature attribution for
 * tree ensembles", 2018) for the trees a {@link JavaTreeScorer} evaluates, computed as XGBoost's
 * {@code pred_contribs} computes them.
 *
 * <p>Why a transcription rather than a textbook version: XGBoost runs the algorithm in float32
 * ({@code src/predictor/cpu_treeshap.cc}, {@code cpu_predictor.cc} of 2.1.4), and float sums depend on their
 * order, so every expression here keeps XGBoost's operand order and parenthesisation: a tree's contributions
 * are summed in a buffer of their own, then added to the row's in tree order; each tree adds the cover-weighted
 * mean of its leaves to the bias; the base margin is added to the bias last. The result is the same floats as
 * XGBoost4J's {@code predictContrib} (checked bit for bit in {@code TreeShapTest}).
 *
 * <p>The trees are immutable and shared; the path buffers are in a {@link Workspace}, one per thread.
 */
final class TreeShap {
    /** First node of each tree in the flat node arrays, plus one entry past the last tree. */
    private final int[] treeStart;
    /** Children as absolute node indices; {@code left[n] < 0} marks a leaf. */
    private final int[] left;
    private final int[] right;
    private final int[] feature;
    /** Split threshold of an inner node, value of a leaf. */
    private final float[] condition;
    private final boolean[] defaultLeft;
    private final float[] cover;
    /** Per tree, the cover-weighted mean of its leaves (XGBoost's node mean value of the root). */
    private final float[] treeMean;
    private final int numFeatures;
    /** Path slots a workspace needs: XGBoost's {@code maxd * (maxd + 1) / 2} for the deepest tree. */
    private final int pathCapacity;

    private TreeShap(int[] treeStart, int[] left, int[] right, int[] feature, float[] condition, boolean[] defaultLeft,
            float[] cover, float[] treeMean, int numFeatures, int pathCapacity) {
        this.treeStart = treeStart;
        this.left = left;
        this.right = right;
        this.feature = feature;
        this.condition = condition;
        this.defaultLeft = defaultLeft;
        this.cover = cover;
        this.treeMean = treeMean;
        this.numFeatures = numFeatures;
        this.pathCapacity = pathCapacity;
    }

    /** The trees flattened for TreeSHAP; refuses models that do not store node covers ({@code sum_hessian}). */
    static TreeShap of(List<XGBoostJsonModel.Tree> trees, int numFeatures, int maxDepth) {
        int total = 0;
        for (int t = 0; t < trees.size(); t++) {
            if (trees.get(t).cover == null) {
                throw new BundleException("tree " + t + " stores no sum_hessian (node covers), which TreeSHAP needs");
            }
            total += trees.get(t).size();
        }
        int[] treeStart = new int[trees.size() + 1];
        int[] left = new int[total];
        int[] right = new int[total];
        int[] feature = new int[total];
        float[] condition = new float[total];
        boolean[] defaultLeft = new boolean[total];
        float[] cover = new float[total];
        float[] treeMean = new float[trees.size()];
        int base = 0;
        for (int t = 0; t < trees.size(); t++) {
            XGBoostJsonModel.Tree tree = trees.get(t);
            treeStart[t] = base;
            for (int i = 0; i < tree.size(); i++) {
                boolean leaf = tree.isLeaf(i);
                left[base + i] = leaf ? -1 : base + tree.left[i];
                right[base + i] = leaf ? -1 : base + tree.right[i];
                feature[base + i] = tree.feature[i];
                condition[base + i] = tree.condition[i];
                defaultLeft[base + i] = tree.defaultLeft[i];
                cover[base + i] = tree.cover[i];
            }
            base += tree.size();
        }
        treeStart[trees.size()] = base;
        TreeShap shap = new TreeShap(treeStart, left, right, feature, condition, defaultLeft, cover, treeMean,
                numFeatures, 0);
        for (int t = 0; t < trees.size(); t++) {
            treeMean[t] = shap.meanValue(treeStart[t]);
        }
        int maxd = maxDepth + 2;
        return new TreeShap(treeStart, left, right, feature, condition, defaultLeft, cover, treeMean, numFeatures,
                maxd * (maxd + 1) / 2);
    }

    /** XGBoost's {@code FillNodeMeanValues}: leaves' values weighted by cover, in float32, recursively. */
    private float meanValue(int node) {
        if (left[node] < 0) {
            return condition[node];
        }
        float result = meanValue(left[node]) * cover[left[node]];
        result += meanValue(right[node]) * cover[right[node]];
        result /= cover[node];
        return result;
    }

    /** Buffers for one thread's calls; allocated once so that explaining a row allocates nothing. */
    final class Workspace {
        final int[] pathFeature = new int[pathCapacity];
        final float[] pathZero = new float[pathCapacity];
        final float[] pathOne = new float[pathCapacity];
        final float[] pathWeight = new float[pathCapacity];
        /** One tree's contributions, features then bias, before they are added to the row's. */
        final float[] treePhi = new float[numFeatures + 1];
    }

    Workspace newWorkspace() {
        return new Workspace();
    }

    /**
     * Writes the contributions of {@code row} to {@code out[0..numFeatures)} and the bias (every tree's mean
     * plus {@code baseMargin}) to {@code out[numFeatures]}; they add up to the margin up to float rounding.
     */
    void contributions(float[] row, float baseMargin, float[] out, Workspace ws) {
        Arrays.fill(out, 0, numFeatures + 1, 0f);
        float[] phi = ws.treePhi;
        for (int t = 0; t < treeMean.length; t++) {
            Arrays.fill(phi, 0f);
            phi[numFeatures] += treeMean[t];
            recurse(ws, row, treeStart[t], 0, 0, 1f, 1f, -1);
            for (int c = 0; c <= numFeatures; c++) {
                out[c] += phi[c];
            }
        }
        out[numFeatures] += baseMargin;
    }

    /**
     * XGBoost's {@code TreeShap} with no conditioning (its {@code condition == 0}, so {@code condition_fraction}
     * is 1 throughout and its multiplications are left out: multiplying by 1.0f changes no float).
     *
     * @param parent offset of the parent's path in the workspace; this node's path starts after it
     */
    private void recurse(Workspace ws, float[] row, int node, int uniqueDepth, int parent, float parentZero,
            float parentOne, int parentFeature) {
        int path = parent + uniqueDepth + 1;
        System.arraycopy(ws.pathFeature, parent, ws.pathFeature, path, uniqueDepth + 1);
        System.arraycopy(ws.pathZero, parent, ws.pathZero, path, uniqueDepth + 1);
        System.arraycopy(ws.pathOne, parent, ws.pathOne, path, uniqueDepth + 1);
        System.arraycopy(ws.pathWeight, parent, ws.pathWeight, path, uniqueDepth + 1);
        extendPath(ws, path, uniqueDepth, parentZero, parentOne, parentFeature);

        if (left[node] < 0) {
            float leafValue = condition[node];
            for (int i = 1; i <= uniqueDepth; i++) {
                float w = unwoundPathSum(ws, path, uniqueDepth, i);
                ws.treePhi[ws.pathFeature[path + i]] += w * (ws.pathOne[path + i] - ws.pathZero[path + i]) * leafValue;
            }
            return;
        }
        int split = feature[node];
        float x = row[split];
        int hot = x != x ? (defaultLeft[node] ? left[node] : right[node]) : (x < condition[node] ? left[node] : right[node]);
        int cold = hot == left[node] ? right[node] : left[node];
        float w = cover[node];
        float hotZeroFraction = cover[hot] / w;
        float coldZeroFraction = cover[cold] / w;
        float incomingZero = 1;
        float incomingOne = 1;

        // A feature split on again further down: undo its earlier extension and redo it here.
        int pathIndex = 0;
        for (; pathIndex <= uniqueDepth; pathIndex++) {
            if (ws.pathFeature[path + pathIndex] == split) {
                break;
            }
        }
        if (pathIndex != uniqueDepth + 1) {
            incomingZero = ws.pathZero[path + pathIndex];
            incomingOne = ws.pathOne[path + pathIndex];
            unwindPath(ws, path, uniqueDepth, pathIndex);
            uniqueDepth -= 1;
        }
        recurse(ws, row, hot, uniqueDepth + 1, path, hotZeroFraction * incomingZero, incomingOne, split);
        recurse(ws, row, cold, uniqueDepth + 1, path, coldZeroFraction * incomingZero, 0, split);
    }

    private static void extendPath(Workspace ws, int path, int uniqueDepth, float zeroFraction, float oneFraction,
            int featureIndex) {
        float[] pw = ws.pathWeight;
        ws.pathFeature[path + uniqueDepth] = featureIndex;
        ws.pathZero[path + uniqueDepth] = zeroFraction;
        ws.pathOne[path + uniqueDepth] = oneFraction;
        pw[path + uniqueDepth] = uniqueDepth == 0 ? 1.0f : 0.0f;
        for (int i = uniqueDepth - 1; i >= 0; i--) {
            pw[path + i + 1] += oneFraction * pw[path + i] * (i + 1) / (float) (uniqueDepth + 1);
            pw[path + i] = zeroFraction * pw[path + i] * (uniqueDepth - i) / (float) (uniqueDepth + 1);
        }
    }

    private static void unwindPath(Workspace ws, int path, int uniqueDepth, int pathIndex) {
        float[] pw = ws.pathWeight;
        float oneFraction = ws.pathOne[path + pathIndex];
        float zeroFraction = ws.pathZero[path + pathIndex];
        float nextOnePortion = pw[path + uniqueDepth];
        for (int i = uniqueDepth - 1; i >= 0; --i) {
            if (oneFraction != 0) {
                float tmp = pw[path + i];
                pw[path + i] = nextOnePortion * (uniqueDepth + 1) / (float) ((i + 1) * oneFraction);
                nextOnePortion = tmp - pw[path + i] * zeroFraction * (uniqueDepth - i) / (float) (uniqueDepth + 1);
            } else {
                pw[path + i] = (pw[path + i] * (uniqueDepth + 1)) / (float) (zeroFraction * (uniqueDepth - i));
            }
        }
        for (int i = pathIndex; i < uniqueDepth; ++i) {
            ws.pathFeature[path + i] = ws.pathFeature[path + i + 1];
            ws.pathZero[path + i] = ws.pathZero[path + i + 1];
            ws.pathOne[path + i] = ws.pathOne[path + i + 1];
        }
    }

    private static float unwoundPathSum(Workspace ws, int path, int uniqueDepth, int pathIndex) {
        float[] pw = ws.pathWeight;
        float oneFraction = ws.pathOne[path + pathIndex];
        float zeroFraction = ws.pathZero[path + pathIndex];
        float nextOnePortion = pw[path + uniqueDepth];
        float total = 0;
        for (int i = uniqueDepth - 1; i >= 0; --i) {
            if (oneFraction != 0) {
                float tmp = nextOnePortion * (uniqueDepth + 1) / (float) ((i + 1) * oneFraction);
                total += tmp;
                nextOnePortion = pw[path + i] - tmp * zeroFraction * ((uniqueDepth - i) / (float) (uniqueDepth + 1));
            } else if (zeroFraction != 0) {
                total += (pw[path + i] / zeroFraction) / ((uniqueDepth - i) / (float) (uniqueDepth + 1));
            }
        }
        return total;
    }
}
