package io.intentstream.model;

/**
 * Reason codes for one score: the k features whose TreeSHAP contributions ({@link PropensityScorer#contributions})
 * are largest in absolute value, written into arrays the caller reuses, so explaining an event allocates nothing.
 *
 * <p>Order: larger |contribution| first; equal magnitudes by feature index, so the choice is deterministic.
 * Features that contributed exactly 0 (the trees never split on them on this row's path, or their effects
 * cancel) are not reasons and are left out, so fewer than k may come back. The bias is never a reason.
 */
public final class TopContributions {
    private TopContributions() {}

    /**
     * @param contributions per-feature contributions in {@code [0, numFeatures)} (the bias after them is ignored)
     * @param k how many to pick at most
     * @param features receives the chosen feature indices, most important first; at least {@code k} long
     * @param values receives their contributions (signed: positive raised the propensity)
     * @return how many were written, at most {@code k}
     */
    public static int select(float[] contributions, int numFeatures, int k, int[] features, float[] values) {
        if (k < 0 || features.length < k || values.length < k || contributions.length < numFeatures) {
            throw new IllegalArgumentException("k " + k + " with room for " + Math.min(features.length, values.length)
                    + " reasons and " + contributions.length + " contributions for " + numFeatures + " features");
        }
        int n = 0;
        for (int f = 0; f < numFeatures; f++) {
            float c = contributions[f];
            float magnitude = Math.abs(c);
            if (!(magnitude > 0)) {
                continue; // zero or NaN: not a reason
            }
            // Insertion into the sorted top list: k is a handful, a heap would not pay for itself.
            int at = n < k ? n : k;
            while (at > 0 && Math.abs(values[at - 1]) < magnitude) {
                at--;
            }
            if (at >= k) {
                continue;
            }
            int last = Math.min(n, k - 1);
            for (int i = last; i > at; i--) {
                features[i] = features[i - 1];
                values[i] = values[i - 1];
            }
            features[at] = f;
            values[at] = c;
            n = Math.min(n + 1, k);
        }
        return n;
    }
}
