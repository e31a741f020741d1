package io.intentstream.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftLayoutTest {
    private static final List<String> FEATURES = List.of("count", "price", "hour_of_day");

    /** References from 20,000 rows: count uniform on 0..4, price uniform on [0, 100), propensity uniform on [0, 1). */
    private static ReferenceDistributions reference() {
        Random random = new Random(11);
        int n = 20_000;
        double[] count = new double[n];
        double[] price = new double[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            count[i] = random.nextInt(5);
            price[i] = random.nextDouble() * 100;
            p[i] = random.nextDouble();
        }
        ReferenceDistributions refs = new ReferenceDistributions();
        refs.features.put("count", ReferenceDistribution.fromSample(count, 10));
        refs.features.put("price", ReferenceDistribution.fromSample(price, 10));
        refs.propensity = ReferenceDistribution.fromSample(p, 10);
        return refs;
    }

    private static DriftCounts window(DriftLayout layout, Random random, int events, double priceFactor) {
        DriftCounts counts = layout.newCounts();
        for (int i = 0; i < events; i++) {
            float[] features = {random.nextInt(5), (float) (random.nextDouble() * 100 * priceFactor), 3};
            layout.add(counts, features, (float) random.nextDouble());
        }
        return counts;
    }

    @Test
    void unmovedValuesAreStableAndAMovedPriceDrifts() {
        DriftLayout layout = DriftLayout.of(reference(), FEATURES);
        assertThat(layout.names()).containsExactly("count", "price", "propensity");
        Random random = new Random(5);
        List<DriftLayout.ValuePsi> same = layout.psi(window(layout, random, 10_000, 1.0));
        assertThat(same).allSatisfy(v -> assertThat(v.psi()).isLessThan(0.01));
        List<DriftLayout.ValuePsi> moved = layout.psi(window(layout, random, 10_000, 2.0));
        assertThat(moved.get(0).psi()).isLessThan(0.01);
        assertThat(moved.get(1).psi()).isGreaterThan(Psi.SIGNIFICANT);
        assertThat(DriftLayout.shareDrifted(moved)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void mergedPartialsEqualOneHistogramOfEverything() {
        DriftLayout layout = DriftLayout.of(reference(), FEATURES);
        DriftCounts a = window(layout, new Random(1), 700, 1.5);
        DriftCounts b = window(layout, new Random(2), 300, 1.5);
        DriftCounts whole = layout.newCounts();
        Random r1 = new Random(1);
        Random r2 = new Random(2);
        DriftCounts again = window(layout, r1, 700, 1.5);
        again.merge(window(layout, r2, 300, 1.5));
        whole.merge(a);
        whole.merge(b);
        assertThat(whole.events).isEqualTo(1000);
        assertThat(whole.counts).containsExactly(again.counts);
        assertThat(layout.psi(whole)).isEqualTo(layout.psi(again));
    }

    @Test
    void referencesMustNameFeaturesOfTheVector() {
        ReferenceDistributions refs = reference();
        assertThatThrownBy(() -> DriftLayout.of(refs, List.of("price"))).hasMessageContaining("count");
    }
}
