package io.intentstream.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReferenceDistributionTest {

    @Test
    void decilesOfAContinuousValueHoldATenthEach() {
        double[] values = new Random(3).doubles(10_000).toArray();
        ReferenceDistribution d = ReferenceDistribution.fromSample(values, 10);
        assertThat(d.edges).hasSize(9);
        assertThat(d.proportions).hasSize(11);
        for (int i = 0; i < 10; i++) {
            assertThat(d.proportions[i]).isCloseTo(0.1, within(1e-3));
        }
        assertThat(d.proportions[10]).isZero();
    }

    @Test
    void aFlagGetsOneBinPerValueAndMissingValuesTheirOwn() {
        double[] values = new double[100];
        Arrays.fill(values, 0, 70, 0);
        Arrays.fill(values, 70, 90, 1);
        Arrays.fill(values, 90, 100, Double.NaN);
        ReferenceDistribution d = ReferenceDistribution.fromSample(values, 10);
        assertThat(d.edges).containsExactly(0, 1);
        // <= 0, (0, 1], > 1, missing
        assertThat(d.proportions).containsExactly(0.7, 0.2, 0.0, 0.1);
        assertThat(d.bin(0)).isZero();
        assertThat(d.bin(1)).isEqualTo(1);
        assertThat(d.bin(5)).isEqualTo(2);
        assertThat(d.bin(Double.NaN)).isEqualTo(3);
    }

    @Test
    void anAllMissingValueHasOnlyTheMissingBin() {
        ReferenceDistribution d = ReferenceDistribution.fromSample(new double[] {Double.NaN, Double.NaN}, 10);
        assertThat(d.edges).isEmpty();
        assertThat(d.proportions).containsExactly(0.0, 1.0);
    }

    @Test
    void survivesJson() throws Exception {
        ReferenceDistributions refs = new ReferenceDistributions();
        refs.rows = 3;
        refs.features.put("price", ReferenceDistribution.fromSample(new double[] {1, 2, Double.NaN}, 10));
        ObjectMapper mapper = new ObjectMapper();
        ReferenceDistributions back = mapper.readValue(mapper.writeValueAsString(refs), ReferenceDistributions.class);
        assertThat(back.features.get("price").edges).containsExactly(refs.features.get("price").edges);
        assertThat(back.features.get("price").proportions).containsExactly(refs.features.get("price").proportions);
        assertThat(back.propensity).isNull();
    }
}
