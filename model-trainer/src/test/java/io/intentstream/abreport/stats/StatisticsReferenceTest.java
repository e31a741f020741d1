package io.intentstream.abreport.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The report's statistics against reference numbers computed independently with SciPy 1.17.1 and NumPy 2.4.6 by
 * reference_stats.py beside this file (which says which SciPy routine gave each number). The literals below are its
 * output, copied as printed.
 */
class StatisticsReferenceTest {
    /** Quantiles and tail probabilities from two libraries agree far closer than this; the formulas are exact. */
    private static final Offset<Double> CLOSE = within(1e-9);

    private static void assertInterval(Interval actual, double lower, double upper) {
        assertThat(actual.lower()).as("lower").isCloseTo(lower, CLOSE);
        assertThat(actual.upper()).as("upper").isCloseTo(upper, CLOSE);
    }

    @Nested
    class WilsonInterval {
        @Test
        void matchesScipyBinomtestWilson() {
            assertInterval(new Proportion(870, 30000).wilson(0.95), 0.027160593697926703, 0.03096001266556379);
            assertInterval(new Proportion(92, 3700).wilson(0.95), 0.02031877154935048, 0.030396536033092045);
            assertInterval(new Proportion(3, 20).wilson(0.99), 0.03878706050807168, 0.4355867202610557);
        }

        @Test
        void staysInsideZeroToOneAtTheEdges() {
            assertInterval(new Proportion(0, 50).wilson(0.95), 0.0, 0.07134759913335872);
            assertInterval(new Proportion(50, 50).wilson(0.95), 0.9286524008666412, 1.0);
            assertThat(new Proportion(0, 0).wilson(0.95).isDefined()).isFalse();
        }
    }

    @Nested
    class TwoProportions {
        @Test
        void challengerAgainstChampionSessions() {
            ProportionComparison c = ProportionComparison.of(new Proportion(240, 7500), new Proportion(870, 30000), 0.95);
            assertThat(c.difference()).isCloseTo(0.002999999999999999, CLOSE);
            assertInterval(c.differenceInterval(), -0.0014126475524006022, 0.007412647552400601);
            assertThat(c.relativeUplift()).isCloseTo(0.10344827586206895, CLOSE);
            assertInterval(c.upliftInterval(), -0.04132768329529135, 0.27008788747366985);
            assertThat(c.z()).isCloseTo(1.3711205199165974, CLOSE);
            assertThat(c.pValue()).isCloseTo(0.17033738924122266, CLOSE);
        }

        @Test
        void treatedAgainstHoldoutSessions() {
            ProportionComparison c = ProportionComparison.of(new Proportion(1110, 37500), new Proportion(92, 3700), 0.95);
            assertThat(c.difference()).isCloseTo(0.004735135135135137, CLOSE);
            assertInterval(c.differenceInterval(), -0.0005673209829456342, 0.010037591253215909);
            assertThat(c.relativeUplift()).isCloseTo(0.19043478260869584, CLOSE);
            assertInterval(c.upliftInterval(), -0.034995078713428995, 0.46852616021403226);
            assertThat(c.z()).isCloseTo(1.6327741266211668, CLOSE);
            assertThat(c.pValue()).isCloseTo(0.10251651060862796, CLOSE);
        }

        @Test
        void challengerAgainstChampionUsers() {
            ProportionComparison c = ProportionComparison.of(new Proportion(198, 2400), new Proportion(720, 9600), 0.95);
            assertThat(c.difference()).isCloseTo(0.007500000000000007, CLOSE);
            assertInterval(c.differenceInterval(), -0.0047031369776779335, 0.01970313697767795);
            assertThat(c.relativeUplift()).isCloseTo(0.10000000000000009, CLOSE);
            assertInterval(c.upliftInterval(), -0.05396349880077933, 0.2790204167240615);
            assertThat(c.z()).isCloseTo(1.2364105731710717, CLOSE);
            assertThat(c.pValue()).isCloseTo(0.2163059879372149, CLOSE);
        }

        @Test
        void undefinedWhereTheDataCannotSay() {
            ProportionComparison noConversions = ProportionComparison.of(new Proportion(0, 100), new Proportion(0, 80), 0.95);
            assertThat(noConversions.difference()).isZero();
            assertThat(noConversions.pValue()).as("no variance under H0").isNaN();
            assertThat(noConversions.upliftInterval().isDefined()).isFalse();
            ProportionComparison emptyControl = ProportionComparison.of(new Proportion(3, 100), new Proportion(0, 0), 0.95);
            assertThat(emptyControl.difference()).isNaN();
        }
    }

    @Test
    void welchTestOfConversionsPerUserMatchesScipyTtestInd() {
        // Users by conversions: treatment {0: 2202, 1: 170, 2: 22, 3: 6}, control {0: 8880, 1: 610, 2: 90, 3: 15, 5: 5}.
        Moments treatment = moments(new long[][] {{0, 2202}, {1, 170}, {2, 22}, {3, 6}});
        Moments control = moments(new long[][] {{0, 8880}, {1, 610}, {2, 90}, {3, 15}, {5, 5}});
        WelchComparison w = WelchComparison.of(treatment, control, 0.95);
        assertThat(treatment.mean()).isCloseTo(0.09666666666666666, CLOSE);
        assertThat(control.mean()).isCloseTo(0.08958333333333333, CLOSE);
        assertThat(w.difference()).isCloseTo(0.00708333333333333, CLOSE);
        assertThat(w.t()).isCloseTo(0.8937947169357074, CLOSE);
        assertThat(w.df()).isCloseTo(3684.087328678624, within(1e-6));
        assertThat(w.pValue()).isCloseTo(0.37149011960652545, CLOSE);
        assertInterval(w.interval(), -0.008454508366161826, 0.022621175032828487);
    }

    private static Moments moments(long[][] usersByConversions) {
        Moments m = Moments.EMPTY;
        for (long[] bucket : usersByConversions) {
            for (long u = 0; u < bucket[1]; u++) {
                m = m.add(bucket[0]);
            }
        }
        return m;
    }

    @Nested
    class SampleRatio {
        private final double[] shares = {0.7, 0.2, 0.1};

        @Test
        void aSplitAsConfiguredPasses() {
            SampleRatioCheck s = SampleRatioCheck.of(new long[] {7020, 1985, 995}, shares, 0.001);
            assertThat(s.statistic()).isCloseTo(0.19464285714285715, CLOSE);
            assertThat(s.df()).isEqualTo(2);
            assertThat(s.pValue()).isCloseTo(0.9072643385803835, CLOSE);
            assertThat(s.mismatch()).isFalse();
        }

        @Test
        void aSomewhatUnevenSplitIsBelowFivePercentButNotFlagged() {
            SampleRatioCheck s = SampleRatioCheck.of(new long[] {7130, 1920, 950}, shares, 0.001);
            assertThat(s.statistic()).isCloseTo(8.114285714285714, CLOSE);
            assertThat(s.pValue()).isCloseTo(0.01729837249836357, CLOSE);
            assertThat(s.mismatch()).isFalse();
        }

        @Test
        void aSkewedSplitIsFlagged() {
            SampleRatioCheck s = SampleRatioCheck.of(new long[] {7240, 1860, 900}, shares, 0.001);
            assertThat(s.statistic()).isCloseTo(28.02857142857143, CLOSE);
            assertThat(s.pValue()).isCloseTo(8.197341846632992e-07, within(1e-15));
            assertThat(s.mismatch()).isTrue();
        }

        @Test
        void anArmWithoutShareIsLeftOutUnlessItHasUsers() {
            SampleRatioCheck none = SampleRatioCheck.of(new long[] {9000, 0, 1000}, new double[] {0.9, 0, 0.1}, 0.001);
            assertThat(none.df()).isEqualTo(1);
            assertThat(none.statistic()).isCloseTo(0.0, CLOSE);
            assertThat(none.pValue()).isCloseTo(1.0, CLOSE);
            SampleRatioCheck some = SampleRatioCheck.of(new long[] {9000, 3, 1000}, new double[] {0.9, 0, 0.1}, 0.001);
            assertThat(some.pValue()).isZero();
            assertThat(some.mismatch()).isTrue();
        }

        @Test
        void notApplicableWithOneArmOrNoUsers() {
            assertThat(SampleRatioCheck.of(new long[] {500, 0, 0}, new double[] {1, 0, 0}, 0.001).applicable()).isFalse();
            assertThat(SampleRatioCheck.of(new long[] {0, 0, 0}, shares, 0.001).applicable()).isFalse();
        }
    }

    @Test
    void aucAndCalibrationMatchMannWhitneyAndNumpy() {
        double[] scores = {0.05, 0.05, 0.1, 0.1, 0.1, 0.2, 0.2, 0.3, 0.35, 0.35, 0.4, 0.5, 0.5, 0.6, 0.7, 0.7, 0.8, 0.9, 0.9,
            0.95, 0.02, 0.1};
        int[] labels = {0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0};
        boolean[] outcomes = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            outcomes[i] = labels[i] == 1;
        }
        ScoreQuality q4 = ScoreQuality.of(scores, outcomes, 4);
        assertThat(q4.count()).isEqualTo(22);
        assertThat(q4.positives()).isEqualTo(11);
        assertThat(q4.auc()).isCloseTo(0.7727272727272727, CLOSE);
        assertThat(q4.meanPredicted()).isCloseTo(0.40318181818181814, CLOSE);
        assertThat(q4.observedRate()).isCloseTo(0.5, CLOSE);
        assertThat(q4.brier()).isCloseTo(0.19649545454545453, CLOSE);
        assertThat(q4.ece()).isCloseTo(0.16045454545454543, CLOSE);
        assertThat(q4.bins()).extracting(ScoreQuality.Bin::count).containsExactly(6L, 6L, 5L, 5L);
        assertThat(q4.bins().get(0).meanPredicted()).isCloseTo(0.07, CLOSE);
        assertThat(q4.bins().get(0).observedRate()).isCloseTo(0.16666666666666666, CLOSE);
        assertThat(ScoreQuality.of(scores, outcomes, 10).ece()).isCloseTo(0.24227272727272725, CLOSE);
    }

    @Test
    void aucIsUndefinedWithOneClassAndQualityEmptyWithoutScores() {
        assertThat(ScoreQuality.of(new double[] {0.1, 0.4}, new boolean[] {false, false}, 10).auc()).isNaN();
        ScoreQuality empty = ScoreQuality.of(new double[0], new boolean[0], 10);
        assertThat(empty.count()).isZero();
        assertThat(empty.ece()).isNaN();
    }
}
