package io.intentstream.job.functions;

import static io.intentstream.job.JobTestSupport.view;
import static io.intentstream.testing.Instants.PLUS_1S;
import static io.intentstream.testing.Instants.PLUS_2S;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.features.BotRule;
import io.intentstream.job.TestBundles;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.XGBoostScorer;
import io.intentstream.registry.Arm;
import io.intentstream.registry.StageDocument;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Models changed while the operator runs: swap, arms, shadow scoring, and restore of the stages in use. */
class ModelSwapScoringTest {
    private static final String MODEL = "intent";
    private static final Map<String, ModelBundle> PUBLISHED = new HashMap<>();
    private KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> harness;

    @BeforeAll
    static void publish() {
        PUBLISHED.put("v1", TestBundles.variant("v1", 0.10));
        PUBLISHED.put("v2", TestBundles.variant("v2", 0.30));
        PUBLISHED.put("v3", TestBundles.variant("v3", 0.50));
    }

    private static StageDocument stages(long revision, String production, StageDocument.Challenger challenger,
            List<String> shadow, double holdout) {
        return new StageDocument(MODEL, revision, "exp-1", production, challenger, shadow, holdout, null, null, null);
    }

    private static ModelUpdate update(StageDocument stages) {
        return ModelUpdate.of(ModelUpdate.ACTIVATED, MODEL, stages.revision(), stages.toJson(), null, null, 0);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> harness(
            StageDocument initial) throws Exception {
        Map<String, ModelBundle> published = new HashMap<>(PUBLISHED);
        BundleSource registry = (model, version) -> published.get(version);
        return ScoringHarness.create(new ModelSet(initial, List.of(PUBLISHED.get(initial.production()))), registry,
                XGBoostScorer::new, new ScoringSettings(BotRule.off(), 1000, ApplyOrder.ARRIVAL, 0, false), 1, 1, 0);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(ClickEvent e) throws Exception {
        ScoringHarness.send(harness, e);
    }

    private List<ScoreRecord> scores() {
        return ScoringHarness.scores(harness);
    }

    @Test
    void aNewProductionScoresFromTheNextEventOn() throws Exception {
        harness = harness(stages(1, "v1", null, List.of(), 0));
        harness.open();
        send(view("u1", "s1", "p1", 10.0, START));
        harness.processElement2(update(stages(2, "v2", null, List.of(), 0)), 0);
        send(view("u1", "s1", "p2", 20.0, PLUS_1S));

        List<ScoreRecord> scores = scores();
        assertThat(scores).extracting(s -> s.modelVersion).containsExactly("v1", "v2");
        for (ScoreRecord s : scores) {
            assertThat(s.propensity).as("score of %s by %s", s.eventId, s.modelVersion)
                    .isEqualTo(TestBundles.score(PUBLISHED.get(s.modelVersion), s.features));
        }
        assertThat(scores).extracting(s -> s.arm).containsOnly("champion");
    }

    @Test
    void anOlderOrRepeatedRevisionChangesNothing() throws Exception {
        harness = harness(stages(5, "v1", null, List.of(), 0));
        harness.open();
        harness.processElement2(update(stages(4, "v2", null, List.of(), 0)), 0);
        harness.processElement2(update(stages(5, "v3", null, List.of(), 0)), 0);
        send(view("u1", "s1", "p1", 10.0, START));

        assertThat(scores()).extracting(s -> s.modelVersion).containsExactly("v1");
    }

    @Test
    void eachUserIsScoredByTheModelOfItsArmAndShadowModelsScoreEveryEventApart() throws Exception {
        StageDocument ab = stages(1, "v1", new StageDocument.Challenger("v2", 0.4), List.of("v3"), 0.2);
        harness = harness(stages(0, "v1", null, List.of(), 0));
        harness.open();
        harness.processElement2(update(ab), 0);
        for (int i = 0; i < 200; i++) {
            send(view("u" + i, "s" + i, "p1", 10.0 + i, START.plusMillis(i)));
        }

        List<ScoreRecord> scores = scores();
        assertThat(scores).hasSize(200).allSatisfy(s -> {
            Arm arm = ab.armOf(s.userId);
            assertThat(s.arm).as("arm of %s", s.userId).isEqualTo(arm.wireName());
            assertThat(s.modelVersion).isEqualTo(arm == Arm.CHALLENGER ? "v2" : "v1");
            assertThat(s.propensity).isEqualTo(TestBundles.score(PUBLISHED.get(s.modelVersion), s.features));
        });
        assertThat(scores).extracting(s -> s.arm).contains("champion", "challenger", "holdout");
        List<ScoreRecord> shadow = harness.getSideOutput(SessionScoringOperator.SHADOW_SCORES).stream()
                .map(r -> r.getValue()).toList();
        assertThat(shadow).hasSize(200).allSatisfy(s -> {
            assertThat(s.modelVersion).isEqualTo("v3");
            assertThat(s.arm).isEqualTo("shadow");
            assertThat(s.propensity).isEqualTo(TestBundles.score(PUBLISHED.get("v3"), s.features));
        });
    }

    @Test
    void aRestoreUsesTheStagesInUseAtTheCheckpoint() throws Exception {
        harness = harness(stages(1, "v1", null, List.of(), 0));
        harness.open();
        harness.processElement2(update(stages(2, "v2", null, List.of(), 0)), 0);
        send(view("u1", "s1", "p1", 10.0, START));
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
        harness.close();

        // The job is restarted with the stages it was submitted with (v1): the checkpoint's v2 wins.
        harness = harness(stages(1, "v1", null, List.of(), 0));
        harness.initializeState(checkpoint);
        harness.open();
        send(view("u1", "s1", "p2", 20.0, PLUS_2S));

        assertThat(scores()).extracting(s -> s.modelVersion).containsExactly("v2");
    }

    @Test
    void aFixedModelGivenAtStartWinsOverTheStagesOfTheCheckpoint() throws Exception {
        harness = ScoringHarness.create(ModelSet.fixed(PUBLISHED.get("v1")), BundleSource.none(), XGBoostScorer::new,
                new ScoringSettings(BotRule.off(), 1000, ApplyOrder.ARRIVAL, 0, false), 1, 1, 0);
        harness.open();
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
        harness.close();

        harness = ScoringHarness.create(ModelSet.fixed(PUBLISHED.get("v3")), BundleSource.none(), XGBoostScorer::new,
                new ScoringSettings(BotRule.off(), 1000, ApplyOrder.ARRIVAL, 0, false), 1, 1, 0);
        harness.initializeState(checkpoint);
        harness.open();
        send(view("u1", "s1", "p1", 10.0, START));

        assertThat(scores()).extracting(s -> s.modelVersion).containsExactly("v3");
    }

    @Test
    void modelsThatCannotBeLoadedLeaveTheOldOnesScoring() throws Exception {
        harness = harness(stages(1, "v1", null, List.of(), 0));
        harness.open();
        harness.processElement2(update(stages(2, "v9", null, List.of(), 0)), 0);
        send(view("u1", "s1", "p1", 10.0, START));
        assertThat(scores()).extracting(s -> s.modelVersion).containsExactly("v1");

        // A checkpoint taken now restores what scores (v1), not the revision that could not be loaded.
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
        harness.close();
        harness = harness(stages(0, "v3", null, List.of(), 0));
        harness.initializeState(checkpoint);
        harness.open();
        send(view("u1", "s1", "p2", 20.0, PLUS_2S));
        assertThat(scores()).extracting(s -> s.modelVersion).containsExactly("v1");
    }
}
