package io.intentstream.trainer;

import io.intentstream.model.ModelBundle;
import io.intentstream.model.XGBoostScorer;
import io.intentstream.monitoring.ReferenceDistribution;
import io.intentstream.monitoring.ReferenceDistributions;
import java.util.ArrayList;
import java.util.List;

/**
 * The drift references bundle.json carries (docs/monitoring.md): deciles of every monitored feature and of the
 * propensity over the sampled events before the training cutoff, the data the model was fitted on, with the share of
 * those events in each bin.
 */
final class ReferenceStep {
    private ReferenceStep() {}

    static ReferenceDistributions run(ReferenceSample sample, long cutoff, ModelBundle described, int threads) {
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < sample.size(); r++) {
            if (sample.time(r) < cutoff) {
                rows.add(r);
            }
        }
        ReferenceDistributions refs = new ReferenceDistributions();
        refs.rows = rows.size();
        refs.source = "uniform sample of the scored events before the training cutoff";
        List<String> names = described.metadata().featureNames;
        double[] column = new double[rows.size()];
        for (int f = 0; f < names.size(); f++) {
            if (!ReferenceDistributions.isMonitored(names.get(f))) {
                continue;
            }
            for (int i = 0; i < column.length; i++) {
                column[i] = sample.feature(rows.get(i), f);
            }
            refs.features.put(names.get(f), ReferenceDistribution.fromSample(column, refs.quantileBins));
        }
        refs.propensity = ReferenceDistribution.fromSample(propensities(sample, rows, described, threads), refs.quantileBins);
        return refs;
    }

    private static double[] propensities(ReferenceSample sample, List<Integer> rows, ModelBundle described, int threads) {
        int width = described.metadata().featureNames.size();
        float[] data = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            sample.copyRow(rows.get(i), data, i * width, width);
        }
        float[] predictions = new float[rows.size()];
        if (!rows.isEmpty()) {
            try (XGBoostScorer scorer = new XGBoostScorer(described, threads)) {
                scorer.predictBatch(data, rows.size(), width, predictions);
            }
        }
        double[] p = new double[predictions.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = predictions[i];
        }
        return p;
    }
}
