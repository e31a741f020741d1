package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intentstream.evaluation.Metrics;
import io.intentstream.model.Calibration;
import io.intentstream.model.JavaTreeScorer;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CalibratorsTest {
    /** Margins of an over-confident model: the true log-odds are half the margin, minus one. */
    private static final double SLOPE = 0.5;
    private static final double INTERCEPT = -1.0;

    private record Sample(float[] margins, boolean[] labels, int[] all) {}

    private static Sample sample(int n, long seed) {
        Random random = new Random(seed);
        float[] margins = new float[n];
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i++) {
            margins[i] = (float) (random.nextGaussian() * 2);
            double p = 1 / (1 + Math.exp(-(SLOPE * margins[i] + INTERCEPT)));
            labels[i] = random.nextDouble() < p;
        }
        return new Sample(margins, labels, IntStream.range(0, n).toArray());
    }

    private static double ece(Calibration c, Sample s) {
        double[] p = new double[s.margins().length];
        for (int i = 0; i < p.length; i++) {
            p[i] = c == null ? JavaTreeScorer.sigmoid(s.margins()[i]) : c.apply(s.margins()[i]);
        }
        return Metrics.ece(p, s.labels());
    }

    @Test
    void plattRecoversTheTrueLogisticMap() {
        Sample s = sample(40_000, 1);
        Calibration platt = Calibrators.platt(s.margins(), s.labels(), s.all());

        for (float m = -4; m <= 4; m += 0.5f) {
            assertThat((double) platt.apply(m)).as("margin %s", m)
                    .isCloseTo(1 / (1 + Math.exp(-(SLOPE * m + INTERCEPT))), within(0.02));
        }
    }

    @Test
    void bothFitsRepairAnOverconfidentModelOnFreshData() {
        Sample fit = sample(20_000, 2);
        Sample fresh = sample(20_000, 3);
        double before = ece(null, fresh);

        assertThat(before).isGreaterThan(0.05);
        assertThat(ece(Calibrators.isotonic(fit.margins(), fit.labels(), fit.all()), fresh)).isLessThan(before / 4);
        assertThat(ece(Calibrators.platt(fit.margins(), fit.labels(), fit.all()), fresh)).isLessThan(before / 4);
    }

    @Test
    void isotonicIsMonotoneKeepsDistinctMarginsApartAndNeverSaysZeroOrOne() {
        Sample s = sample(5_000, 4);
        Calibration iso = Calibrators.isotonic(s.margins(), s.labels(), s.all());
        float previousMargin = Float.NEGATIVE_INFINITY;
        float previous = -1;
        int ties = 0;
        float[] sorted = s.margins().clone();
        java.util.Arrays.sort(sorted);
        for (float m : sorted) {
            float p = iso.apply(m);
            assertThat(p).isGreaterThanOrEqualTo(previous).isGreaterThan(0f).isLessThan(1f);
            ties += p == previous && m != previousMargin ? 1 : 0;
            previous = p;
            previousMargin = m;
        }
        // Only margins beyond the outermost block centres share a propensity.
        assertThat(ties).isLessThan(sorted.length / 10);
    }

    @Test
    void isotonicOfASingleMarginIsItsSmoothedRate() {
        float[] margins = {0.5f, 0.5f, 0.5f, 0.5f};
        boolean[] labels = {true, false, false, false};
        Calibration iso = Calibrators.isotonic(margins, labels, new int[] {0, 1, 2, 3});

        assertThat(iso.knots()).isEqualTo(1);
        assertThat(iso.apply(-3f)).isEqualTo(0.25f);
        assertThat(iso.apply(3f)).isEqualTo(0.25f);
    }

    @Test
    void theFitUsesOnlyTheGivenRows() {
        Sample s = sample(2_000, 5);
        int[] firstHalf = IntStream.range(0, 1_000).toArray();
        float[] changed = s.margins().clone();
        for (int i = 1_000; i < changed.length; i++) {
            changed[i] = -changed[i];
        }
        assertThat(Calibrators.platt(changed, s.labels(), firstHalf).toString())
                .isEqualTo(Calibrators.platt(s.margins(), s.labels(), firstHalf).toString());
    }
}
