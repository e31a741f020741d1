package io.intentstream.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intentstream.evaluation.Metrics;
import org.junit.jupiter.api.Test;

class ScoredOutcomesTest {

    @Test
    void mergedPartialsGiveTheMetricsOfAllSessions() {
        float[] p = {0.1f, 0.4f, 0.35f, 0.8f, 0.05f, 0.6f};
        boolean[] y = {false, true, false, true, false, false};
        ScoredOutcomes a = new ScoredOutcomes();
        ScoredOutcomes b = new ScoredOutcomes();
        for (int i = 0; i < p.length; i++) {
            (i < 2 ? a : b).add(p[i], y[i]);
        }
        a.merge(b);
        LiveQuality q = a.quality();
        double[] pd = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            pd[i] = p[i];
        }
        assertThat(q.sessions()).isEqualTo(6);
        assertThat(q.conversions()).isEqualTo(2);
        assertThat(q.rocAuc()).isEqualTo(Metrics.rocAuc(pd, y)).isCloseTo(7 / 8.0, within(1e-12));
        assertThat(q.prAuc()).isEqualTo(Metrics.prAuc(pd, y));
        assertThat(q.brier()).isEqualTo(Metrics.brier(pd, y));
        assertThat(q.meanPredicted()).isCloseTo(2.3 / 6, within(1e-6));
        assertThat(q.observedRate()).isCloseTo(1 / 3.0, within(1e-12));
    }

    @Test
    void aWindowWithoutConversionsHasNoAuc() {
        ScoredOutcomes s = new ScoredOutcomes();
        s.add(0.2f, false);
        assertThat(s.quality().rocAuc()).isNaN();
        assertThat(new ScoredOutcomes().quality().sessions()).isZero();
    }
}
