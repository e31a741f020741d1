package io.intentstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intentstream.model.TrainedModels.Trained;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Feature importance read from the booster's JSON equals XGBoost's own {@code get_score}, over the rounds scored. */
class FeatureImportanceTest {
    @Test
    void gainAndCoverAreXGBoostsOwnOverAllRounds() throws Exception {
        Trained model = TrainedModels.train(TrainedModels.params(4, 0.2), 2000, 30, 3);
        try {
            List<FeatureImportance.Entry> entries = FeatureImportance.of(model.bundle());
            Map<String, Double> gain = model.booster().getScore("", "gain");
            Map<String, Double> cover = model.booster().getScore("", "cover");
            Map<String, Integer> weight = model.booster().getFeatureScore("");

            assertThat(entries).hasSize(TrainedModels.FEATURES);
            for (FeatureImportance.Entry e : entries) {
                String name = "f" + e.feature();
                if (e.weight() == 0) {
                    assertThat(gain).doesNotContainKey(name);
                    assertThat(e.gain()).isNaN();
                    continue;
                }
                assertThat(e.weight()).isEqualTo(weight.get(name));
                assertThat(e.gain()).isCloseTo(gain.get(name), within(1e-6 * gain.get(name)));
                assertThat(e.cover()).isCloseTo(cover.get(name), within(1e-6 * cover.get(name)));
                assertThat(e.totalGain()).isCloseTo(e.gain() * e.weight(), within(1e-9 * e.totalGain()));
            }
        } finally {
            model.booster().dispose();
        }
    }

    @Test
    void onlyTheRoundsUpToTheBestOneCount() {
        Trained model = TrainedModels.trainEarlyStopping(TrainedModels.params(4, 0.3), 2000, 300, 5, 4);
        try {
            int allSplits = FeatureImportance.of(TrainedModels.bundle(model.json(), model.roundsInModel() - 1,
                    TrainedModels.FEATURES)).stream().mapToInt(FeatureImportance.Entry::weight).sum();
            int bestSplits = FeatureImportance.of(model.bundle()).stream().mapToInt(FeatureImportance.Entry::weight).sum();

            assertThat(model.bestIteration()).isLessThan(model.roundsInModel() - 1);
            assertThat(bestSplits).isLessThan(allSplits);
        } finally {
            model.booster().dispose();
        }
    }
}
