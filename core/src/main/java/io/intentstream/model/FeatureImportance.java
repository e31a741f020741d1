package io.intentstream.model;

import java.util.ArrayList;
import java.util.List;

/**
 * How much each feature is used by the trees a bundle is scored with (rounds {@code 0..best_iteration}), in
 * XGBoost's own measures: {@code weight} (splits on the feature), {@code gain} and {@code cover} (the mean loss
 * reduction and the mean hessian cover of those splits, as {@code Booster.get_score} gives them), and their totals.
 * Read from the booster's JSON ({@code loss_changes}, {@code sum_hessian}) rather than asked of XGBoost4J, whose
 * {@code getScore} counts every stored round, also those after the best one.
 */
public final class FeatureImportance {
    /** One feature's measures; the means are NaN for a feature no tree splits on. */
    public record Entry(int feature, int weight, double gain, double cover, double totalGain, double totalCover) {}

    private FeatureImportance() {}

    /**
     * Every feature of the model, in feature order.
     *
     * @throws BundleException when the model does not store gains and covers
     */
    public static List<Entry> of(ModelBundle bundle) {
        XGBoostJsonModel model = XGBoostJsonModel.parse(bundle.boosterJson());
        int rounds = RoundLimit.roundsToEvaluate(bundle.metadata().bestIteration, model.bestIteration, model.numRounds());
        int[] weight = new int[model.numFeatures];
        double[] gain = new double[model.numFeatures];
        double[] cover = new double[model.numFeatures];
        for (XGBoostJsonModel.Tree tree : model.trees.subList(0, model.iterationIndptr[rounds])) {
            if (tree.gain == null || tree.cover == null) {
                throw new BundleException("the booster stores no loss_changes or sum_hessian; feature importance needs both");
            }
            for (int i = 0; i < tree.size(); i++) {
                if (!tree.isLeaf(i)) {
                    weight[tree.feature[i]]++;
                    gain[tree.feature[i]] += tree.gain[i];
                    cover[tree.feature[i]] += tree.cover[i];
                }
            }
        }
        List<Entry> entries = new ArrayList<>(model.numFeatures);
        for (int f = 0; f < model.numFeatures; f++) {
            entries.add(new Entry(f, weight[f], weight[f] == 0 ? Double.NaN : gain[f] / weight[f],
                    weight[f] == 0 ? Double.NaN : cover[f] / weight[f], gain[f], cover[f]));
        }
        return entries;
    }
}
