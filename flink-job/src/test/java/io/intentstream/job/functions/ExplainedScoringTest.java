package io.intentstream.job.functions;

import static io.intentstream.job.JobTestSupport.cart;
import static io.intentstream.job.JobTestSupport.view;
import static io.intentstream.job.functions.ScoringHarness.scores;
import static io.intentstream.job.functions.ScoringHarness.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.features.BotRule;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.model.JavaTreeScorer;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.PrefixScorer;
import io.intentstream.model.PropensityScorer;
import io.intentstream.model.ReasonCodes;
import io.intentstream.model.XGBoostScorer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** {@code --explain}: reason codes on the scores, for the share of events asked for, and only with an evaluator that can. */
class ExplainedScoringTest {
    private static final Instant START = Instant.parse("2019-10-01T00:00:00Z");
    private static final ModelBundle BUNDLE = JobTestSupport.sampleBundle();

    private static PropensityScorer java(ModelBundle bundle) {
        return JavaTreeScorer.fromModelJson(bundle.boosterJson(), bundle.metadata().bestIteration);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> harness(
            ScorerFactory scorers, ScoringSettings.Explain explain) throws Exception {
        return ScoringHarness.create(ModelSet.fixed(BUNDLE), BundleSource.none(), scorers,
                new ScoringSettings(BotRule.off(), 1000, ApplyOrder.ARRIVAL, 0, false, explain), 1, 1, 0);
    }

    /** Views and carts of a few users, so that rows differ in what drives their scores. */
    private static List<ClickEvent> events(int n) {
        List<ClickEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = START.plusSeconds(10L * i);
            String user = "u" + i % 5;
            events.add(i % 4 == 3 ? cart(user, "s" + i % 5, "p" + i % 7, 20.0 + i, at)
                    : view(user, "s" + i % 5, "p" + i % 7, 10.0 + i, at));
        }
        return events;
    }

    @Test
    void eachScoreCarriesTheTopReasonsOfItsOwnRow() throws Exception {
        List<ScoreRecord> scores;
        try (var h = harness(ExplainedScoringTest::java, new ScoringSettings.Explain(3, 1.0))) {
            h.open();
            for (ClickEvent e : events(20)) {
                send(h, e);
            }
            scores = scores(h);
        }
        assertThat(scores).hasSize(20);
        try (PropensityScorer scorer = PrefixScorer.forEngineRows(java(BUNDLE), BUNDLE.metadata())) {
            ReasonCodes expected = new ReasonCodes(scorer, FeatureSchema.SIZE, 3);
            for (ScoreRecord s : scores) {
                int n = expected.explain(s.features);
                assertThat(n).isEqualTo(3);
                assertThat(s.reasonFeatures).as("reasons of %s", s.eventId).hasSize(3);
                for (int i = 0; i < n; i++) {
                    assertThat(s.reasonFeatures[i]).isEqualTo(FeatureSchema.names().get(expected.feature(i)));
                    assertThat(s.reasonContributions[i]).isEqualTo(expected.contribution(i));
                }
                assertThat(Math.abs(s.reasonContributions[0])).isGreaterThanOrEqualTo(Math.abs(s.reasonContributions[2]));
            }
        }
    }

    @Test
    void aShareExplainsTheEventsItsHashPicksAndNoOthers() throws Exception {
        ScoringSettings.Explain half = new ScoringSettings.Explain(2, 0.5);
        List<ScoreRecord> scores;
        try (var h = harness(ExplainedScoringTest::java, half)) {
            h.open();
            for (ClickEvent e : events(60)) {
                send(h, e);
            }
            scores = scores(h);
        }
        long explained = scores.stream().filter(s -> s.reasonFeatures != null).count();
        assertThat(explained).as("explained of 60").isBetween(15L, 45L);
        for (ScoreRecord s : scores) {
            assertThat(s.reasonFeatures != null).as("explained: %s", s.eventId).isEqualTo(half.covers(s.eventId));
        }
    }

    @Test
    void withoutExplainScoresCarryNoReasons() throws Exception {
        try (var h = harness(ExplainedScoringTest::java, ScoringSettings.Explain.OFF)) {
            h.open();
            for (ClickEvent e : events(5)) {
                send(h, e);
            }
            assertThat(scores(h)).hasSize(5).allSatisfy(s -> assertThat(s.reasonFeatures).isNull());
        }
    }

    @Test
    void anEvaluatorThatCannotExplainIsRefusedAtStartWithTheReason() throws Exception {
        var h = harness(XGBoostScorer::new, new ScoringSettings.Explain(3, 1.0));
        assertThatThrownBy(h::open).hasStackTraceContaining("explaining scores needs the Java evaluator");
    }
}
