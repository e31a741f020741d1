package io.intentstream.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {

    /** AUC by definition: the share of (positive, negative) pairs ranked correctly, ties counting half. */
    private static double pairwiseAuc(double[] s, boolean[] y) {
        double good = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (y[i] && !y[j]) {
                    pairs++;
                    good += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        return good / pairs;
    }

    @Test
    void rocAucEqualsThePairwiseDefinitionWithManyTies() {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            int n = 50 + random.nextInt(200);
            double[] s = new double[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = random.nextInt(6) / 5.0; // few distinct values: many ties
                y[i] = random.nextDouble() < 0.3 + 0.4 * s[i];
            }
            y[0] = true;
            y[1] = false;
            assertThat(Metrics.rocAuc(s, y)).isCloseTo(pairwiseAuc(s, y), within(1e-12));
        }
    }

    @Test
    void rocAucIsUndefinedWithOneClass() {
        assertThat(Metrics.rocAuc(new double[] {0.1, 0.2}, new boolean[] {true, true})).isNaN();
    }

    @Test
    void averagePrecisionOfAKnownRanking() {
        // Ranked: pos, neg, pos, neg -> precision at the two positives: 1/1 and 2/3.
        double[] s = {0.9, 0.8, 0.7, 0.6};
        boolean[] y = {true, false, true, false};
        assertThat(Metrics.prAuc(s, y)).isCloseTo(0.5 * 1.0 + 0.5 * (2.0 / 3.0), within(1e-12));
    }

    @Test
    void averagePrecisionTreatsTiedScoresAsOneThreshold() {
        // All tied: one threshold with precision = base rate.
        assertThat(Metrics.prAuc(new double[] {0.5, 0.5, 0.5, 0.5}, new boolean[] {true, false, false, false}))
                .isCloseTo(0.25, within(1e-12));
    }

    @Test
    void logLossAndBrierOfKnownPredictions() {
        double[] p = {0.8, 0.4};
        boolean[] y = {true, false};
        assertThat(Metrics.logLoss(p, y)).isCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, within(1e-12));
        assertThat(Metrics.brier(p, y)).isCloseTo((0.04 + 0.16) / 2, within(1e-12));
    }

    @Test
    void eceWeighsEachEqualMassBinsGapByItsShare() {
        // Four events, two bins of two: (0.1, 0.2) with no positive, (0.6, 0.8) with one.
        double[] p = {0.8, 0.1, 0.6, 0.2};
        boolean[] y = {true, false, false, false};
        Metrics.Reliability r = Metrics.reliability(p, y, 2);

        assertThat(r.examples()).containsExactly(2, 2);
        assertThat(r.meanPredicted()[0]).isCloseTo(0.15, within(1e-12));
        assertThat(r.observedRate()).containsExactly(0.0, 0.5);
        assertThat(r.ece()).isCloseTo(0.5 * 0.15 + 0.5 * Math.abs(0.7 - 0.5), within(1e-12));
    }

    @Test
    void aPerfectlyCalibratedModelHasAnEceNearZero() {
        Random random = new Random(9);
        double[] p = new double[200_000];
        boolean[] y = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextDouble() * 0.2;
            y[i] = random.nextDouble() < p[i];
        }
        assertThat(Metrics.ece(p, y)).isLessThan(0.003);
        // Twice the propensity of the same events: off by about their mean, 0.1.
        double[] doubled = p.clone();
        for (int i = 0; i < doubled.length; i++) {
            doubled[i] *= 2;
        }
        assertThat(Metrics.ece(doubled, y)).isCloseTo(0.1, within(0.005));
    }

    @Test
    void withFewerExamplesThanBinsEachExampleIsABin() {
        Metrics.Reliability r = Metrics.reliability(new double[] {0.3, 0.9}, new boolean[] {false, true}, 10);
        assertThat(r.examples()).containsExactly(1, 1);
        assertThat(r.ece()).isCloseTo((0.3 + 0.1) / 2, within(1e-12));
    }
}
