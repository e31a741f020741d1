package io.intentstream.job.functions;

import static io.intentstream.job.JobTestSupport.cart;
import static io.intentstream.job.JobTestSupport.purchase;
import static io.intentstream.job.JobTestSupport.view;
import static io.intentstream.testing.Instants.PLUS_1M;
import static io.intentstream.testing.Instants.PLUS_1S;
import static io.intentstream.testing.Instants.PLUS_23H;
import static io.intentstream.testing.Instants.PLUS_24H;
import static io.intentstream.testing.Instants.PLUS_25H;
import static io.intentstream.testing.Instants.PLUS_2S;
import static io.intentstream.testing.Instants.PLUS_49H;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.features.BotRule;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.PropensityScorer;
import io.intentstream.model.XGBoostScorer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stateful heart of the job in event-time order, driven event by event and watermark by watermark. */
class SessionScoringOperatorTest {
    private static final Duration TIMEOUT = Duration.ofMillis(FeatureConfig.DEFAULT_SESSION_TIMEOUT_MILLIS);
    private KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> harness;

    @BeforeEach
    void setUp() throws Exception {
        open(XGBoostScorer::new, BotRule.off());
    }

    private void open(ScorerFactory scorers, BotRule botRule) throws Exception {
        open(scorers, botRule, null);
    }

    /** Reopens the harness; {@code stateBackend} null keeps the harness's heap backend. */
    private void open(ScorerFactory scorers, BotRule botRule, StateBackend stateBackend) throws Exception {
        if (harness != null) {
            harness.close();
        }
        harness = newHarness(scorers, botRule, 1, 1, 0);
        if (stateBackend != null) {
            harness.setStateBackend(stateBackend);
        }
        harness.open();
    }

    /** A real scorer that fails on one chosen price, to exercise the per-record error path. */
    static final class FailingOnPrice extends ScoringHarness.XGBoostBacked {
        FailingOnPrice(ModelBundle bundle) {
            super(bundle);
        }

        @Override
        public float predict(float[] features) {
            if (features[FeatureSchema.PRICE] == 666f) {
                throw new IllegalStateException("cannot score this row");
            }
            return super.predict(features);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(ClickEvent e) throws Exception {
        ScoringHarness.send(harness, e);
    }

    private void watermark(Instant at) throws Exception {
        ScoringHarness.watermark(harness, at);
    }

    private static Instant at(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis);
    }

    private List<ScoreRecord> scores() {
        return ScoringHarness.scores(harness);
    }

    private List<SessionOutcome> outcomes() {
        return ScoringHarness.outcomes(harness);
    }

    private List<DeadLetter> deadLetters() {
        return ScoringHarness.deadLetters(harness);
    }

    @Test
    void scoresEachEventOnceTheWatermarkPassesIt() throws Exception {
        send(view("u1", "s1", "p1", 20.0, START));
        send(cart("u1", "s1", "p1", 20.0, PLUS_1S));
        assertThat(scores()).as("nothing is scored before the watermark").isEmpty();

        watermark(PLUS_1S);

        List<ScoreRecord> scores = scores();
        assertThat(scores).extracting(s -> at(s.eventTime)).containsExactly(START, PLUS_1S);
        assertThat(scores).extracting(s -> s.features[FeatureSchema.EVENT_COUNT]).containsExactly(1f, 2f);
        assertThat(scores).extracting(s -> s.features[FeatureSchema.CART_COUNT]).containsExactly(0f, 1f);
        assertThat(scores).allSatisfy(s -> {
            assertThat(s.propensity).isBetween(0f, 1f);
            assertThat(s.modelVersion).isEqualTo("sample-rees46-1");
            assertThat(s.sessionId).isEqualTo("s1");
        });
    }

    @Test
    void sessionClosesAfterTheInactivityTimeoutAndNotBefore() throws Exception {
        send(view("u1", "s1", "p1", 20.0, START));
        send(purchase("u1", "s1", "p1", 20.0, PLUS_1M));
        watermark(PLUS_1M.plus(TIMEOUT).minusMillis(1));
        assertThat(outcomes()).as("one millisecond before the timeout").isEmpty();
        assertThat(harness.numKeyedStateEntries()).isPositive();

        watermark(PLUS_1M.plus(TIMEOUT));

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(o.sessionId).isEqualTo("s1");
            assertThat(o.eventCount).isEqualTo(2);
            assertThat(o.converted).isTrue();
            assertThat(at(o.firstPurchaseTime)).isEqualTo(PLUS_1M);
            assertThat(at(o.firstEventTime)).isEqualTo(START);
            assertThat(at(o.lastEventTime)).isEqualTo(PLUS_1M);
            assertThat(o.lastPropensityBeforeConversion).isEqualTo(scores().get(0).propensity);
        });
        ScoringHarness.assertOnlyHistoryLeftUntilItsTtl(harness, PLUS_1M);
    }

    @Test
    void eventsArrivingOutOfOrderAreAppliedInEventTimeOrder() throws Exception {
        send(view("u1", "s1", "p3", 30.0, PLUS_2S));
        send(view("u1", "s1", "p1", 10.0, START));
        send(view("u1", "s1", "p2", 20.0, PLUS_1S));
        watermark(PLUS_2S);

        assertThat(scores()).extracting(s -> at(s.eventTime)).containsExactly(START, PLUS_1S, PLUS_2S);
        assertThat(scores()).extracting(s -> s.features[FeatureSchema.MAX_VIEW_PRICE]).containsExactly(10f, 20f, 30f);
    }

    @Test
    void interleavedUsersInOneWatermarkStepEachKeepTheirOwnOrder() throws Exception {
        for (int k = 0; k < 3; k++) {
            send(view("u2", "s2", "p" + k, 10.0 + k, START.plusSeconds(2 - k)));
            send(view("u1", "s1", "p" + k, 20.0 + k, START.plusSeconds(k)));
        }
        send(cart("u1", "s1", "p1", 21.0, PLUS_1S));
        watermark(PLUS_2S);

        List<ScoreRecord> u1 = scores().stream().filter(s -> s.userId.equals("u1")).collect(Collectors.toList());
        List<ScoreRecord> u2 = scores().stream().filter(s -> s.userId.equals("u2")).collect(Collectors.toList());
        assertThat(u1).extracting(s -> at(s.eventTime)).containsExactly(START, PLUS_1S, PLUS_1S, PLUS_2S);
        assertThat(u1).extracting(s -> s.eventType).containsExactly("view", "view", "cart", "view");
        assertThat(u1).extracting(s -> s.features[FeatureSchema.EVENT_COUNT]).containsExactly(1f, 2f, 3f, 4f);
        assertThat(u2).extracting(s -> at(s.eventTime)).containsExactly(START, PLUS_1S, PLUS_2S);
        assertThat(u2).extracting(s -> s.features[FeatureSchema.MAX_VIEW_PRICE]).containsExactly(12f, 12f, 12f);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    @Test
    void eventAtOrBehindTheWatermarkIsLateAndGoesToDeadLetters() throws Exception {
        watermark(PLUS_1M);
        send(view("u1", "s1", "p1", 10.0, PLUS_1M));
        send(view("u1", "s1", "p1", 10.0, START));
        watermark(PLUS_2S.plusSeconds(60));

        assertThat(scores()).isEmpty();
        assertThat(deadLetters()).hasSize(2).allSatisfy(d -> {
            assertThat(d.reason).isEqualTo("late");
            assertThat(d.raw).contains("\"session_id\":\"s1\"");
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void duplicateEventIsNeitherAppliedNorScoredAgain() throws Exception {
        ClickEvent first = view("u1", "s1", "p1", 10.0, START);
        send(first);
        send(first);
        send(view("u1", "s1", "p1", 10.0, PLUS_1S));
        watermark(PLUS_1S);

        assertThat(scores()).extracting(s -> s.features[FeatureSchema.EVENT_COUNT]).containsExactly(1f, 2f);
    }

    @Test
    void sameSessionIdAfterTheTimeoutOpensANewSession() throws Exception {
        send(view("u1", "s1", "p1", 10.0, START));
        send(view("u1", "s1", "p1", 10.0, PLUS_25H));
        watermark(PLUS_49H.plusMillis(1));

        assertThat(outcomes()).extracting(o -> at(o.firstEventTime)).containsExactly(START, PLUS_25H);
        assertThat(scores()).extracting(s -> s.features[FeatureSchema.EVENT_COUNT]).containsExactly(1f, 1f);
        assertThat(scores()).extracting(s -> s.features[FeatureSchema.USER_PREV_SESSIONS]).containsExactly(0f, 1f);
        ScoringHarness.assertOnlyHistoryLeftUntilItsTtl(harness, PLUS_25H);
    }

    @Test
    void sessionsOfOneUserCloseIndependently() throws Exception {
        send(view("u1", "s1", "p1", 10.0, START));
        send(view("u1", "s2", "p2", 10.0, PLUS_23H));
        watermark(PLUS_24H);
        assertThat(outcomes()).extracting(o -> o.sessionId).containsExactly("s1");

        watermark(PLUS_23H.plus(TIMEOUT));
        assertThat(outcomes()).extracting(o -> o.sessionId).containsExactly("s1", "s2");
        ScoringHarness.assertOnlyHistoryLeftUntilItsTtl(harness, PLUS_23H);
    }

    @Test
    void botRuleStopsScoringTheSessionAndAccountsForItsEvents() throws Exception {
        open(XGBoostScorer::new, new BotRule(3, 2, 0));
        for (int i = 0; i < 5; i++) {
            send(view("u1", "s1", "p" + i, 10.0, START.plusSeconds(i)));
        }
        send(view("u2", "s2", "p1", 10.0, START));
        watermark(PLUS_49H);

        assertThat(scores()).filteredOn(s -> s.sessionId.equals("s1")).hasSize(3);
        assertThat(scores()).filteredOn(s -> s.sessionId.equals("s2")).hasSize(1);
        assertThat(deadLetters()).hasSize(2).allSatisfy(d -> {
            assertThat(d.reason).isEqualTo("bot_session");
            assertThat(d.detail).contains("more than 3");
        });
        assertThat(outcomes()).filteredOn(o -> o.sessionId.equals("s1")).singleElement()
                .satisfies(o -> {
                    assertThat(o.judgedBot).isTrue();
                    assertThat(o.eventCount).isEqualTo(5);
                });
        assertThat(outcomes()).filteredOn(o -> o.sessionId.equals("s2")).singleElement().satisfies(o -> assertThat(o.judgedBot).isFalse());
    }

    @Test
    void aRecordThatCannotBeScoredGoesToDeadLettersAndTheSessionGoesOn() throws Exception {
        open(FailingOnPrice::new, BotRule.off());
        send(view("u1", "s1", "p1", 10.0, START));
        send(view("u1", "s1", "p2", 666.0, PLUS_1S));
        send(view("u1", "s1", "p3", 20.0, PLUS_2S));
        watermark(PLUS_2S);

        assertThat(scores()).extracting(s -> s.features[FeatureSchema.EVENT_COUNT]).containsExactly(1f, 3f);
        assertThat(deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.reason).isEqualTo("scoring_error");
            assertThat(d.detail).isEqualTo("cannot score this row");
        });
    }

    @Test
    void waitingEventsLiveOnTheHeapAndAUserHasOnlyItsCloseTimer() throws Exception {
        send(view("u1", "s1", "p1", 10.0, START));
        send(view("u1", "s1", "p2", 10.0, PLUS_1S));
        send(cart("u1", "s1", "p2", 10.0, PLUS_2S));
        assertThat(harness.numKeyedStateEntries()).as("keyed state before the watermark").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers before the watermark").isZero();

        watermark(PLUS_2S);

        assertThat(scores()).hasSize(3);
        assertThat(harness.numKeyedStateEntries()).as("one value for the user").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("one close timer").isEqualTo(1);
    }

    @Test
    void eventsWaitingForTheWatermarkSurviveACheckpoint() throws Exception {
        send(view("u1", "s1", "p1", 10.0, START));
        watermark(START);
        send(view("u1", "s1", "p2", 20.0, PLUS_1S));
        send(cart("u1", "s1", "p2", 20.0, PLUS_2S));
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness(XGBoostScorer::new, BotRule.off(), 1, 1, 0);
        harness.initializeState(checkpoint);
        harness.open();
        watermark(PLUS_2S);

        assertThat(scores()).extracting(s -> s.features[FeatureSchema.EVENT_COUNT]).containsExactly(2f, 3f);
        assertThat(scores()).extracting(s -> s.features[FeatureSchema.CART_COUNT]).containsExactly(0f, 1f);
    }

    @Test
    void aUsersHistorySurvivesTheSessionCloseAndACheckpointAndIsForgottenAfterItsTtl() throws Exception {
        send(view("u1", "s1", "p1", 20.0, START));
        send(purchase("u1", "s1", "p1", 20.0, PLUS_1M));
        watermark(PLUS_1M.plus(TIMEOUT));
        assertThat(outcomes()).hasSize(1);
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness(XGBoostScorer::new, BotRule.off(), 1, 1, 0);
        harness.initializeState(checkpoint);
        harness.open();
        Instant back = PLUS_1M.plus(Duration.ofDays(30));
        send(view("u1", "s2", "p1", 20.0, back));
        watermark(back);
        assertThat(scores()).singleElement().satisfies(s -> {
            assertThat(s.features[FeatureSchema.USER_PREV_SESSIONS]).isEqualTo(1f);
            assertThat(s.features[FeatureSchema.USER_PREV_PURCHASES]).isEqualTo(1f);
            assertThat(s.features[FeatureSchema.PRODUCT_BOUGHT_BEFORE]).isEqualTo(1f);
            assertThat(s.features[FeatureSchema.DAYS_SINCE_PREV_SESSION]).isEqualTo(30f);
        });

        // The session closes, then nothing for the TTL: the history goes, with the user's state and timer.
        watermark(back.plus(TIMEOUT));
        ScoringHarness.assertOnlyHistoryLeftUntilItsTtl(harness, back);
        Instant afterTtl = back.plus(ScoringHarness.HISTORY_TTL).plusSeconds(1);
        send(view("u1", "s3", "p1", 20.0, afterTtl));
        watermark(afterTtl);
        assertThat(scores()).last().satisfies(s -> {
            assertThat(s.features[FeatureSchema.USER_PREV_SESSIONS]).isZero();
            assertThat(s.features[FeatureSchema.PRODUCT_BOUGHT_BEFORE]).isZero();
        });
    }

    @Test
    void afterRescalingEachSubtaskAppliesTheWaitingEventsOfTheKeysItOwns() throws Exception {
        int maxParallelism = 128;
        harness.close();
        harness = newHarness(XGBoostScorer::new, BotRule.off(), maxParallelism, 1, 0);
        harness.open();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            users.add("u" + i);
            send(view("u" + i, "s" + i, "p1", 10.0, START));
        }
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);

        List<String> scoredUsers = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            harness.close();
            harness = newHarness(XGBoostScorer::new, BotRule.off(), maxParallelism, 2, subtask);
            harness.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(checkpoint, maxParallelism, 1, 2, subtask));
            harness.open();
            watermark(START);
            KeyGroupRange owned = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, 2, subtask);
            List<String> here = scores().stream().map(s -> s.userId).collect(Collectors.toList());
            assertThat(here).as("subtask %d", subtask).isNotEmpty()
                    .allSatisfy(u -> assertThat(owned.contains(KeyGroupRangeAssignment.assignToKeyGroup(u, maxParallelism))).isTrue());
            scoredUsers.addAll(here);
        }
        assertThat(scoredUsers).as("every waiting event applied exactly once").containsExactlyInAnyOrderElementsOf(users);
    }

    /** The real XGBoost4J scorer, counting the calls the operator makes and the rows it passes. */
    static final class CountingXGBoost extends ScoringHarness.XGBoostBacked {
        static final List<Integer> BATCHES = new ArrayList<>();
        static int singleRows;

        CountingXGBoost(ModelBundle bundle) {
            super(bundle);
        }

        @Override
        public float predict(float[] features) {
            singleRows++;
            return super.predict(features);
        }

        @Override
        public void predictBatch(float[] data, int rows, int width, float[] out) {
            BATCHES.add(rows);
            delegate.predictBatch(data, rows, width, out);
        }
    }

    @Test
    void theEventsOfAWatermarkStepAreScoredInBatchesWithTheSameResultAsRowByRow() throws Exception {
        CountingXGBoost.BATCHES.clear();
        CountingXGBoost.singleRows = 0;
        open(CountingXGBoost::new, BotRule.off());
        int users = SessionScoringOperator.MAX_BATCH + 88;
        for (int i = 0; i < users; i++) {
            send(view("u" + i, "s" + i, "p" + i, 5.0 + i, START.plusMillis(i)));
            send(cart("u" + i, "s" + i, "p" + i, 5.0 + i, PLUS_1S.plusMillis(i)));
        }
        watermark(START.plusMillis(users));
        watermark(PLUS_1S.minusMillis(1));
        watermark(PLUS_1S.plusMillis(users));

        assertThat(CountingXGBoost.BATCHES).as("rows per scorer call, three watermark steps, one with nothing due")
                .containsExactly(SessionScoringOperator.MAX_BATCH, 88, SessionScoringOperator.MAX_BATCH, 88);
        assertThat(CountingXGBoost.singleRows).isZero();
        try (XGBoostScorer rowByRow = new XGBoostScorer(JobTestSupport.sampleBundle())) {
            assertThat(scores()).hasSize(2 * users).allSatisfy(s ->
                    assertThat(s.propensity).as("event %s", s.eventId).isEqualTo(rowByRow.predict(s.features)));
        }
    }

    @Test
    void aSessionClosedInTheMiddleOfABatchReportsThePropensityOfItsLastEvent() throws Exception {
        open(XGBoostScorer::new, BotRule.off(), new EmbeddedRocksDBStateBackend());
        send(view("u1", "s1", "p1", 10.0, START));
        send(view("u1", "s1", "p2", 30.0, PLUS_1S));
        // The same session id after the timeout: s1 closes while its events' scores are still pending.
        send(view("u1", "s1", "p1", 10.0, PLUS_25H));
        watermark(PLUS_25H);

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(at(o.firstEventTime)).isEqualTo(START);
            assertThat(o.lastPropensityBeforeConversion).isEqualTo(scores().get(1).propensity).isNotNaN();
        });
    }

    @Test
    void stateWrittenAfterABatchHoldsItsPropensitiesForTheOutcome() throws Exception {
        // RocksDB serializes state when it is written; on the heap a too-early write would go unnoticed.
        open(XGBoostScorer::new, BotRule.off(), new EmbeddedRocksDBStateBackend());
        send(view("u1", "s1", "p1", 10.0, START));
        send(cart("u1", "s1", "p1", 10.0, PLUS_1S));
        send(purchase("u1", "s1", "p1", 10.0, PLUS_2S));
        watermark(PLUS_2S);
        List<ScoreRecord> scores = scores();

        watermark(PLUS_49H);

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(o.converted).isTrue();
            assertThat(o.lastPropensityBeforeConversion).as("the score of the cart, the last event before the purchase")
                    .isEqualTo(scores.get(1).propensity).isNotNaN();
        });
    }

    /** The operator in event-time order under a harness for one subtask of {@code parallelism}; not yet opened. */
    private static KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> newHarness(
            ScorerFactory scorers, BotRule botRule, int maxParallelism, int parallelism, int subtask) throws Exception {
        return ScoringHarness.create(scorers, botRule, ApplyOrder.EVENT_TIME, 0, maxParallelism, parallelism, subtask);
    }
}
