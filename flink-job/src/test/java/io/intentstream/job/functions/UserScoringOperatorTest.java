package io.intentstream.job.functions;

import static io.intentstream.job.JobTestSupport.cart;
import static io.intentstream.job.JobTestSupport.purchase;
import static io.intentstream.job.JobTestSupport.view;
import static io.intentstream.testing.Instants.PLUS_1M;
import static io.intentstream.testing.Instants.PLUS_1S;
import static io.intentstream.testing.Instants.PLUS_2S;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.features.BotRule;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.UserScoreRecord;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.PropensityScorer;
import io.intentstream.model.XGBoostScorer;
import java.util.List;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * User-level models in the scoring operator: they score purchase events only, with the features the operator has
 * just computed for the event, into the user-scores side output, and keep no state of their own.
 */
class UserScoringOperatorTest {
    private KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> harness;
    private ModelBundle userModel;

    @BeforeEach
    void setUp() throws Exception {
        userModel = JobTestSupport.repeatPurchaseBundle("repeat-v1");
        ModelSet models = ModelSet.fixed(JobTestSupport.sampleBundle()).withUserModels(List.of(userModel));
        harness = ScoringHarness.create(models, BundleSource.none(), XGBoostScorer::new,
                new ScoringSettings(BotRule.off(), 1000, ApplyOrder.EVENT_TIME, 0, false), 128, 1, 0);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void onlyPurchaseEventsAreScoredByUserModelsWithTheEventsFeatures() throws Exception {
        ScoringHarness.send(harness, view("u1", "s1", "p1", 20.0, START));
        ScoringHarness.send(harness, cart("u1", "s1", "p1", 20.0, PLUS_1S));
        ScoringHarness.send(harness, purchase("u1", "s1", "p1", 20.0, PLUS_2S));
        ScoringHarness.send(harness, view("u2", "s2", "p2", 5.0, PLUS_2S));
        ScoringHarness.watermark(harness, PLUS_2S);

        List<UserScoreRecord> userScores = ScoringHarness.userScores(harness);
        ScoreRecord purchase = ScoringHarness.scores(harness).stream().filter(s -> "purchase".equals(s.eventType))
                .findFirst().orElseThrow();
        assertThat(userScores).hasSize(1);
        UserScoreRecord u = userScores.get(0);
        assertThat(u.userId).isEqualTo("u1");
        assertThat(u.eventId).isEqualTo(purchase.eventId);
        assertThat(u.eventTime).isEqualTo(PLUS_2S.toEpochMilli());
        assertThat(u.target).isEqualTo("repeat-purchase");
        assertThat(u.modelVersion).isEqualTo("repeat-v1");
        try (XGBoostScorer scorer = new XGBoostScorer(userModel)) {
            assertThat(u.value).isEqualTo(scorer.predict(purchase.features));
        }
        // The session scores are emitted as before, every event once.
        assertThat(ScoringHarness.scores(harness)).hasSize(4);
        // No state beyond the users' sessions, and it goes as it always does.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        ScoringHarness.watermark(harness, PLUS_1M.plus(ScoringHarness.HISTORY_TTL).plusSeconds(3600));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    /** A scorer that fails on purchase rows when its bundle is a user-level one. */
    private static PropensityScorer failingForUserTargets(ModelBundle bundle) {
        XGBoostScorer real = new XGBoostScorer(bundle);
        boolean user = !"session-purchase".equals(bundle.metadata().target) && bundle.metadata().target != null;
        return new PropensityScorer() {
            @Override
            public float predict(float[] features) {
                if (user && features[FeatureSchema.IS_PURCHASE] == 1f) {
                    throw new IllegalStateException("broken user model");
                }
                return real.predict(features);
            }

            @Override
            public String name() {
                return real.name();
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    @Test
    void aFailingUserModelLeavesTheSessionScoreAndTheInputAccountingAsTheyWere() throws Exception {
        ModelSet models = ModelSet.fixed(JobTestSupport.sampleBundle()).withUserModels(List.of(userModel));
        try (var failing = ScoringHarness.create(models, BundleSource.none(), UserScoringOperatorTest::failingForUserTargets,
                new ScoringSettings(BotRule.off(), 1000, ApplyOrder.EVENT_TIME, 0, false), 128, 1, 0)) {
            failing.open();
            ScoringHarness.send(failing, view("u1", "s1", "p1", 20.0, START));
            ScoringHarness.send(failing, purchase("u1", "s1", "p1", 20.0, PLUS_1S));
            ScoringHarness.watermark(failing, PLUS_2S);

            assertThat(ScoringHarness.userScores(failing)).isEmpty();
            assertThat(ScoringHarness.scores(failing)).extracting(r -> r.eventType).containsExactly("view", "purchase");
            // The purchase was scored: a dead letter (scoring_error) would count it a second time.
            assertThat(ScoringHarness.deadLetters(failing)).isEmpty();
        }
    }
}
