package io.intentstream.job.functions;

import static io.intentstream.job.JobTestSupport.cart;
import static io.intentstream.job.JobTestSupport.purchase;
import static io.intentstream.job.JobTestSupport.view;
import static io.intentstream.testing.Instants.PLUS_1M;
import static io.intentstream.testing.Instants.PLUS_1S;
import static io.intentstream.testing.Instants.PLUS_23H;
import static io.intentstream.testing.Instants.PLUS_2S;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.features.BotRule;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.model.JavaTreeScorer;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.XGBoostScorer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scoring operator in arrival order (the default): every event applied and scored when it arrives. */
class ArrivalOrderScoringTest {
    private static final Duration TIMEOUT = Duration.ofMillis(FeatureConfig.DEFAULT_SESSION_TIMEOUT_MILLIS);
    private static final long HOLD_MILLIS = 5;
    private KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> harness;

    /** The Java evaluator, which scores each event alone. */
    private static JavaTreeScorer java(ModelBundle bundle) {
        return JavaTreeScorer.fromModelJson(bundle.boosterJson(), bundle.metadata().bestIteration);
    }

    /** On the harness's heap backend, which can count state entries. */
    private void open(ScorerFactory scorers) throws Exception {
        harness = ScoringHarness.create(scorers, BotRule.off(), ApplyOrder.ARRIVAL, HOLD_MILLIS, 1, 1, 0);
        harness.open();
    }

    /** On RocksDB, which serializes state on every write: a state read that missed a held write would show. */
    private void openOnRocksDb(ScorerFactory scorers) throws Exception {
        harness = ScoringHarness.create(scorers, BotRule.off(), ApplyOrder.ARRIVAL, HOLD_MILLIS, 1, 1, 0);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        harness.open();
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
    void anInOrderUsersEventsAreScoredOnArrivalWithoutAWatermark() throws Exception {
        open(ArrivalOrderScoringTest::java);
        send(view("u1", "s1", "p1", 20.0, START));
        assertThat(scores()).as("scored on arrival").hasSize(1);
        send(cart("u1", "s1", "p1", 20.0, PLUS_1S));

        assertThat(scores()).extracting(s -> s.features[FeatureSchema.EVENT_COUNT]).containsExactly(1f, 2f);
        assertThat(scores()).extracting(s -> s.features[FeatureSchema.CART_COUNT]).containsExactly(0f, 1f);
        assertThat(scores()).noneMatch(s -> s.outOfOrder);
        assertThat(harness.numKeyedStateEntries()).as("state held for a write-back").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers are set with the write-back").isZero();

        harness.prepareSnapshotPreBarrier(1L);
        assertThat(harness.numKeyedStateEntries()).as("one value for the user, written before the barrier").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("one close timer").isEqualTo(1);
    }

    @Test
    void heldStateIsWrittenBackOnceTheMostUsersAreHeld() throws Exception {
        open(ArrivalOrderScoringTest::java);
        for (int i = 0; i < SessionScoringOperator.MAX_HELD_USERS - 1; i++) {
            send(view("u" + i, "s", "p1", 10.0, START));
        }
        assertThat(harness.numKeyedStateEntries()).isZero();

        send(view("last", "s", "p1", 10.0, START));

        assertThat(harness.numKeyedStateEntries()).isEqualTo(SessionScoringOperator.MAX_HELD_USERS);
    }

    @Test
    void anEventBehindAnAppliedOneIsAppliedAtOnceAndMarkedOutOfOrder() throws Exception {
        open(ArrivalOrderScoringTest::java);
        send(view("u1", "s1", "p2", 30.0, PLUS_2S));
        send(view("u1", "s1", "p1", 10.0, START));
        send(cart("u1", "s1", "p2", 30.0, PLUS_2S.plusSeconds(1)));

        List<ScoreRecord> scores = scores();
        assertThat(scores).extracting(s -> s.eventTime)
                .containsExactly(PLUS_2S.toEpochMilli(), START.toEpochMilli(), PLUS_2S.plusSeconds(1).toEpochMilli());
        assertThat(scores).extracting(s -> s.outOfOrder).containsExactly(false, true, false);
        assertThat(scores).extracting(s -> s.features[FeatureSchema.EVENT_COUNT]).containsExactly(1f, 2f, 3f);
        // The straggler does not move the session back in time: its gap counts as zero, the session's age stays.
        assertThat(scores.get(1).features[FeatureSchema.SECS_SINCE_PREV_EVENT]).isZero();
        assertThat(scores.get(1).features[FeatureSchema.SESSION_AGE_S]).isZero();
        assertThat(scores.get(2).features[FeatureSchema.SECS_SINCE_PREV_EVENT]).isEqualTo(1f);
        assertThat(scores.get(2).features[FeatureSchema.SESSION_AGE_S]).isEqualTo(3f);
    }

    @Test
    void anEventBehindTheWatermarkIsStillLateAndChangesNothing() throws Exception {
        open(ArrivalOrderScoringTest::java);
        send(view("u1", "s1", "p1", 10.0, PLUS_1M));
        ScoringHarness.watermark(harness, PLUS_1M);
        send(view("u1", "s1", "p0", 10.0, START));

        assertThat(scores()).hasSize(1);
        assertThat(ScoringHarness.deadLetters(harness)).singleElement().satisfies(d -> assertThat(d.reason).isEqualTo("late"));
    }

    @Test
    void sessionsCloseByTheirTimerAndLeaveNoStateOrTimer() throws Exception {
        open(ArrivalOrderScoringTest::java);
        send(view("u1", "s1", "p1", 20.0, START));
        send(purchase("u1", "s1", "p1", 20.0, PLUS_1M));
        ScoringHarness.watermark(harness, PLUS_1M.plus(TIMEOUT).minusMillis(1));
        assertThat(ScoringHarness.outcomes(harness)).isEmpty();

        ScoringHarness.watermark(harness, PLUS_1M.plus(TIMEOUT));

        assertThat(ScoringHarness.outcomes(harness)).singleElement().satisfies(o -> {
            assertThat(o.eventCount).isEqualTo(2);
            assertThat(o.converted).isTrue();
            assertThat(o.lastPropensityBeforeConversion).isEqualTo(scores().get(0).propensity);
        });
        ScoringHarness.assertOnlyHistoryLeftUntilItsTtl(harness, PLUS_1M);
    }

    @Test
    void aSessionWhoseEventsAndCloseFallInOneWatermarkStepIsWrittenThenClosedByItsTimer() throws Exception {
        // Catching up, a user's events and the close of their session fall into one watermark step: the held value
        // is written and its timer set first, then the timer fires and emits the outcome it carries.
        open(ArrivalOrderScoringTest::java);
        send(view("u1", "s1", "p1", 20.0, START));
        send(purchase("u1", "s1", "p1", 20.0, PLUS_1M));
        assertThat(harness.numKeyedStateEntries()).as("held, not written").isZero();

        ScoringHarness.watermark(harness, PLUS_1M.plus(TIMEOUT));

        assertThat(ScoringHarness.outcomes(harness)).singleElement().satisfies(o -> {
            assertThat(o.eventCount).isEqualTo(2);
            assertThat(o.converted).isTrue();
        });
        assertThat(harness.numKeyedStateEntries()).as("the history, written").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("the history's expiry").isEqualTo(1);
        send(view("u1", "s2", "p1", 20.0, PLUS_1M.plus(TIMEOUT).plus(Duration.ofDays(1))));
        assertThat(scores()).last().satisfies(s -> {
            assertThat(s.features[FeatureSchema.USER_PREV_SESSIONS]).isEqualTo(1f);
            assertThat(s.features[FeatureSchema.USER_PREV_PURCHASES]).isEqualTo(1f);
        });
    }

    @Test
    void aSessionOpenedOutOfOrderClosesAtItsOwnTimeoutNotTheLaterOnesTimer() throws Exception {
        open(ArrivalOrderScoringTest::java);
        send(view("u1", "later", "p1", 10.0, PLUS_23H));
        send(view("u1", "earlier", "p2", 10.0, START));

        ScoringHarness.watermark(harness, START.plus(TIMEOUT));
        assertThat(ScoringHarness.outcomes(harness)).extracting(o -> o.sessionId).containsExactly("earlier");

        ScoringHarness.watermark(harness, PLUS_23H.plus(TIMEOUT));
        assertThat(ScoringHarness.outcomes(harness)).extracting(o -> o.sessionId).containsExactly("earlier", "later");
        ScoringHarness.assertOnlyHistoryLeftUntilItsTtl(harness, PLUS_23H);
    }

    /** XGBoost4J, counting the rows of each call. */
    static final class CountingBatches extends ScoringHarness.XGBoostBacked {
        static final List<Integer> BATCHES = new ArrayList<>();

        CountingBatches(ModelBundle bundle) {
            super(bundle);
        }

        @Override
        public float predict(float[] features) {
            BATCHES.add(1);
            return super.predict(features);
        }

        @Override
        public void predictBatch(float[] data, int rows, int width, float[] out) {
            BATCHES.add(rows);
            delegate.predictBatch(data, rows, width, out);
        }
    }

    @Test
    void xgboost4jRowsWaitAtMostTheHoldTimeAndAUsersHeldStateIsReadBack() throws Exception {
        CountingBatches.BATCHES.clear();
        openOnRocksDb(CountingBatches::new);
        harness.setProcessingTime(1_000);
        send(view("u1", "s1", "p1", 10.0, START));
        send(view("u2", "s2", "p1", 10.0, START));
        send(cart("u1", "s1", "p1", 10.0, PLUS_1S));
        assertThat(scores()).as("held for a batch").isEmpty();

        harness.setProcessingTime(1_000 + HOLD_MILLIS);

        assertThat(CountingBatches.BATCHES).as("rows per scorer call").containsExactly(3);
        assertThat(scores()).filteredOn(s -> s.userId.equals("u1"))
                .extracting(s -> s.features[FeatureSchema.EVENT_COUNT]).containsExactly(1f, 2f);
        try (XGBoostScorer rowByRow = new XGBoostScorer(io.intentstream.job.JobTestSupport.sampleBundle())) {
            assertThat(scores()).allSatisfy(s -> assertThat(s.propensity).isEqualTo(rowByRow.predict(s.features)));
        }
        send(purchase("u1", "s1", "p1", 10.0, PLUS_2S));
        harness.setProcessingTime(2_000);
        assertThat(scores()).filteredOn(s -> s.userId.equals("u1")).last()
                .satisfies(s -> assertThat(s.features[FeatureSchema.EVENT_COUNT]).isEqualTo(3f));
    }

    @Test
    void heldRowsAreScoredBeforeACheckpointBarrier() throws Exception {
        open(CountingBatches::new);
        send(view("u1", "s1", "p1", 10.0, START));
        send(view("u2", "s2", "p1", 10.0, START));
        assertThat(scores()).isEmpty();

        harness.prepareSnapshotPreBarrier(1L);

        assertThat(scores()).hasSize(2);
    }

    @Test
    void heldRowsAreScoredBeforeTimersFire() throws Exception {
        open(CountingBatches::new);
        send(view("u1", "s1", "p1", 10.0, START));
        ScoringHarness.watermark(harness, START.plus(TIMEOUT));

        assertThat(scores()).hasSize(1);
        assertThat(ScoringHarness.outcomes(harness)).singleElement()
                .satisfies(o -> assertThat(o.lastPropensityBeforeConversion).isEqualTo(scores().get(0).propensity));
        assertThat(harness.numKeyedStateEntries()).as("the history stays").isEqualTo(1);
    }
}
