package io.intentstream.model;

/**
 * How many boosting rounds a scorer evaluates, one rule for {@link XGBoostScorer} and {@link JavaTreeScorer}
 * so that both stop at the same tree: rounds {@code 0..best_iteration}, with {@code best_iteration} taken
 * from bundle.json when it is set there, else from the model's own record, else all rounds.
 *
 * <p>An early-stopped booster keeps the rounds after its best one; scoring with them would use trees the
 * validation set rejected.
 */
public final class RoundLimit {
    private RoundLimit() {}

    /**
     * @param bundleBestIteration {@code best_iteration} from bundle.json, or {@code null}
     * @param modelBestIteration {@code best_iteration} the booster recorded ({@code learner.attributes}), or {@code null}
     * @param roundsInModel boosting rounds the booster holds
     * @return the number of rounds to evaluate, counted from the first
     * @throws BundleException when the {@code best_iteration} that applies is not one of the model's rounds
     */
    public static int roundsToEvaluate(Integer bundleBestIteration, Integer modelBestIteration, int roundsInModel) {
        Integer best = bundleBestIteration != null ? bundleBestIteration : modelBestIteration;
        if (best == null) {
            return roundsInModel;
        }
        if (best < 0 || best >= roundsInModel) {
            throw new BundleException("best_iteration " + best + " is outside the model's " + roundsInModel + " rounds");
        }
        return best + 1;
    }
}
