package io.intentstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopContributionsTest {
    @Test
    void picksTheLargestMagnitudesFirstWhateverTheirSign() {
        float[] contributions = {0.1f, -0.9f, 0.5f, 0f, -0.2f, 0.7f, /* bias */ 5f};
        int[] features = new int[3];
        float[] values = new float[3];

        int n = TopContributions.select(contributions, 6, 3, features, values);

        assertThat(n).isEqualTo(3);
        assertThat(features).containsExactly(1, 5, 2);
        assertThat(values).containsExactly(-0.9f, 0.7f, 0.5f);
    }

    @Test
    void zerosAreNoReasonsAndTheBiasIsIgnored() {
        float[] contributions = {0f, 0.3f, -0f, Float.NaN, /* bias */ 9f};
        int[] features = new int[3];
        float[] values = new float[3];

        assertThat(TopContributions.select(contributions, 4, 3, features, values)).isEqualTo(1);
        assertThat(features[0]).isEqualTo(1);
        assertThat(TopContributions.select(new float[] {0f, 0f, 1f}, 2, 3, features, values)).isZero();
    }

    @Test
    void equalMagnitudesGoByFeatureIndex() {
        float[] contributions = {0.5f, -0.5f, 0.5f, 0.25f};
        int[] features = new int[2];
        float[] values = new float[2];

        TopContributions.select(contributions, 4, 2, features, values);

        assertThat(features).containsExactly(0, 1);
    }

    @Test
    void agreesWithSortingEverything() {
        Random random = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            int width = 1 + random.nextInt(40);
            int k = random.nextInt(8);
            float[] contributions = new float[width + 1];
            for (int f = 0; f < width; f++) {
                // Few distinct values so that ties and zeros are common.
                contributions[f] = (random.nextInt(7) - 3) * 0.125f;
            }
            int[] features = new int[k];
            float[] values = new float[k];
            int n = TopContributions.select(contributions, width, k, features, values);

            int[] expected = IntStream.range(0, width).boxed()
                    .filter(f -> contributions[f] != 0)
                    .sorted(Comparator.<Integer>comparingDouble(f -> -Math.abs(contributions[f])).thenComparing(f -> f))
                    .limit(k).mapToInt(Integer::intValue).toArray();
            assertThat(Arrays.copyOf(features, n)).as("trial %d", trial).containsExactly(expected);
            for (int i = 0; i < n; i++) {
                assertThat(values[i]).isEqualTo(contributions[features[i]]);
            }
        }
    }

    @Test
    void refusesOutputArraysShorterThanK() {
        assertThatThrownBy(() -> TopContributions.select(new float[4], 3, 3, new int[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
