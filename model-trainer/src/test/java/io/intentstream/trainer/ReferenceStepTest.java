package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import io.intentstream.features.FeatureSchema;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.XGBoostScorer;
import io.intentstream.monitoring.ReferenceDistribution;
import io.intentstream.monitoring.ReferenceDistributions;
import io.intentstream.testing.SampleData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The drift references: a uniform sample of applied events, binned per monitored feature and for the propensity. */
class ReferenceStepTest {

    private static ReferenceSample sampleOf(int events, int capacity) {
        ReferenceSample sample = new ReferenceSample(capacity, FeatureSchema.SIZE);
        float[] features = new float[FeatureSchema.SIZE];
        for (int i = 0; i < events; i++) {
            Arrays.fill(features, Float.NaN);
            features[FeatureSchema.PRICE] = i % 100;
            features[FeatureSchema.EVENT_COUNT] = 1 + i % 3;
            features[FeatureSchema.HOUR_OF_DAY] = i % 24;
            ClickEvent e = TrainerTestSupport.event(EventType.VIEW, "u" + i, "s" + i, TrainerTestSupport.START + i);
            sample.applied(e, null, features);
        }
        return sample;
    }

    @Test
    void theReservoirKeepsAUniformSeededSample() {
        ReferenceSample a = sampleOf(50_000, 5_000);
        ReferenceSample b = sampleOf(50_000, 5_000);
        assertThat(a.size()).isEqualTo(5_000);
        double meanTime = 0;
        for (int r = 0; r < a.size(); r++) {
            meanTime += a.time(r) - TrainerTestSupport.START;
            assertThat(a.time(r)).isEqualTo(b.time(r));
        }
        // Uniform over 0..49,999: mean 25,000, standard error about 200.
        assertThat(meanTime / a.size()).isCloseTo(25_000, within(1_000.0));
    }

    @Test
    void referencesCoverMonitoredFeaturesAndThePropensityBeforeTheCutoff() {
        ReferenceSample sample = sampleOf(2_000, 10_000);
        ModelBundle bundle = ModelBundle.read(SampleData.sampleBundle());
        ReferenceDistributions refs = ReferenceStep.run(sample, TrainerTestSupport.START + 1_000, bundle, 1);

        assertThat(refs.rows).isEqualTo(1_000);
        assertThat(refs.features.keySet()).doesNotContainAnyElementsOf(ReferenceDistributions.UNMONITORED_FEATURES)
                .hasSize((int) bundle.metadata().featureNames.stream().filter(ReferenceDistributions::isMonitored).count());
        ReferenceDistribution price = refs.features.get("price");
        assertThat(price.edges).hasSize(9);
        assertThat(Arrays.stream(price.proportions).sum()).isCloseTo(1, within(1e-12));
        assertThat(refs.features.get("event_count").edges).containsExactly(1, 2, 3);
        assertThat(refs.features.get("cart_value").proportions).endsWith(1.0); // never set: all missing

        float[] rows = new float[bundle.metadata().featureNames.size()];
        sample.copyRow(0, rows, 0, rows.length);
        try (XGBoostScorer scorer = new XGBoostScorer(bundle, 1)) {
            double p = scorer.predict(rows);
            // Every row here scores alike but for price and count, so the propensity has few distinct values.
            assertThat(p).isBetween(0.0, 1.0);
        }
        assertThat(Arrays.stream(refs.propensity.proportions).sum()).isCloseTo(1, within(1e-12));
        assertThat(refs.propensity.proportions[refs.propensity.bins() - 1]).isZero();
    }
}
