package io.intentstream.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PsiTest {

    @Test
    void sameDistributionIsZero() {
        assertThat(Psi.of(new double[] {0.25, 0.25, 0.5}, new long[] {10, 10, 20}, 0)).isCloseTo(0, within(1e-12));
    }

    @Test
    void matchesAHandComputation() {
        // (0.5-0.25)ln(0.5/0.25) + (0.3-0.25)ln(0.3/0.25) + (0.2-0.5)ln(0.2/0.5)
        double expected = 0.25 * Math.log(2) + 0.05 * Math.log(1.2) + 0.3 * Math.log(2.5);
        assertThat(Psi.of(new double[] {0.25, 0.25, 0.5}, new long[] {99, 50, 30, 20}, 1)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void anEmptyBinOnEitherSideCountsAsTheEmptyShare() {
        double r = Psi.EMPTY_SHARE;
        double expected = (0.5 - r) * Math.log(0.5 / r) + (r - 0.5) * Math.log(r / 0.5);
        assertThat(Psi.of(new double[] {0.5, 0.5, 0}, new long[] {5, 0, 5}, 0))
                .isCloseTo(expected + (0.5 - 0.5) * 0, within(1e-9));
    }

    @Test
    void anEmptyWindowHasNoPsi() {
        assertThat(Psi.of(new double[] {0.5, 0.5}, new long[] {0, 0}, 0)).isNaN();
    }

    @Test
    void levelsFollowEvidently() {
        assertThat(Psi.level(0.099)).isEqualTo(Psi.Level.STABLE);
        assertThat(Psi.level(0.1)).isEqualTo(Psi.Level.MODERATE);
        assertThat(Psi.level(0.25)).isEqualTo(Psi.Level.MODERATE);
        assertThat(Psi.level(0.2501)).isEqualTo(Psi.Level.SIGNIFICANT);
    }
}
