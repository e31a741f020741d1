package io.intentstream.job.functions;

import static io.intentstream.job.JobTestSupport.purchase;
import static io.intentstream.job.JobTestSupport.view;
import static io.intentstream.testing.Instants.PLUS_1M;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.features.BotRule;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.state.UserSessions;
import io.intentstream.job.state.UserTimer;
import io.intentstream.model.JavaTreeScorer;
import io.intentstream.model.ModelBundle;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The user's one timer and what it carries ({@link UserTimer}): a session's close emits its outcome without
 * rewriting the user's value, the closed session is dropped when the value is next read, and no outcome is emitted
 * twice, across the ways a session can close and across a restore.
 */
class UserTimerScoringTest {
    private static final Duration TIMEOUT = Duration.ofMillis(FeatureConfig.DEFAULT_SESSION_TIMEOUT_MILLIS);
    private KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> harness;

    private static JavaTreeScorer java(ModelBundle bundle) {
        return JavaTreeScorer.fromModelJson(bundle.boosterJson(), bundle.metadata().bestIteration);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> newHarness(
            ModelBundle bundle) throws Exception {
        return ScoringHarness.create(ModelSet.fixed(bundle), BundleSource.none(), UserTimerScoringTest::java,
                new ScoringSettings(BotRule.off(), 1000, ApplyOrder.ARRIVAL, 0, false), 1, 1, 0);
    }

    private void open() throws Exception {
        harness = newHarness(JobTestSupport.sampleBundle());
        harness.open();
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

    /** The user's value as stored (the heap backend hands out the stored object: read it, don't change it). */
    private UserSessions stored(String userId) throws Exception {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        KeyedStateBackend<Object> backend = operator.getKeyedStateBackend();
        Object current = backend.getCurrentKey();
        backend.setCurrentKey(userId);
        UserSessions value = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                UserSessions.descriptor()).value();
        if (current != null) {
            backend.setCurrentKey(current);
        }
        return value;
    }

    @Test
    void aClosingSessionsOutcomeComesFromItsTimerAndTheValueDropsItWhenNextRead() throws Exception {
        open();
        send(view("u1", "s1", "p1", 20.0, START));
        send(purchase("u1", "s1", "p1", 20.0, PLUS_1M));
        harness.prepareSnapshotPreBarrier(1L);

        watermark(PLUS_1M.plus(TIMEOUT));

        assertThat(ScoringHarness.outcomes(harness)).singleElement().satisfies(o -> {
            assertThat(o.sessionId).isEqualTo("s1");
            assertThat(o.eventCount).isEqualTo(2);
            assertThat(o.converted).isTrue();
            assertThat(o.lastPropensityBeforeConversion).isEqualTo(ScoringHarness.scores(harness).get(0).propensity);
            assertThat(o.modelVersion).isEqualTo(JobTestSupport.sampleBundle().metadata().modelVersion);
        });
        assertThat(stored("u1").open).as("not rewritten by the close").extracting(s -> s.sessionId).containsExactly("s1");
        assertThat(harness.numEventTimeTimers()).as("the history's expiry").isEqualTo(1);

        Instant back = PLUS_1M.plus(TIMEOUT).plus(Duration.ofHours(2));
        send(view("u1", "s2", "p1", 20.0, back));
        harness.prepareSnapshotPreBarrier(2L);
        assertThat(ScoringHarness.scores(harness)).last()
                .satisfies(s -> assertThat(s.features[FeatureSchema.USER_PREV_SESSIONS]).isEqualTo(1f));
        assertThat(stored("u1").open).as("dropped when read").extracting(s -> s.sessionId).containsExactly("s2");
        assertThat(harness.numEventTimeTimers()).as("the expiry replaced by s2's close").isEqualTo(1);

        watermark(back.plus(TIMEOUT));
        assertThat(ScoringHarness.outcomes(harness)).extracting(o -> o.sessionId).containsExactly("s1", "s2");
        ScoringHarness.assertOnlyHistoryLeftUntilItsTtl(harness, back);
    }

    @Test
    void aUsersOpenSessionsEachCloseOnceAtTheirOwnTimeWhetherTheTimerCarriesThemOrReadsTheValue() throws Exception {
        open();
        int sessions = UserTimer.MAX_CARRIED + 1;
        for (int i = 0; i < sessions; i++) {
            send(view("u1", "s" + i, "p1", 20.0, START.plus(Duration.ofHours(i))));
        }
        harness.prepareSnapshotPreBarrier(1L);
        assertThat(harness.numEventTimeTimers()).as("one timer per user").isEqualTo(1);

        for (int i = 0; i < sessions; i++) {
            watermark(START.plus(Duration.ofHours(i)).plus(TIMEOUT));
            assertThat(ScoringHarness.outcomes(harness)).as("after the close of s" + i).hasSize(i + 1);
            assertThat(harness.numEventTimeTimers()).as("one timer per user").isEqualTo(1);
        }
        assertThat(ScoringHarness.outcomes(harness)).extracting(o -> o.sessionId).containsExactly("s0", "s1", "s2", "s3");
        ScoringHarness.assertOnlyHistoryLeftUntilItsTtl(harness, START.plus(Duration.ofHours(sessions - 1)));
    }

    @Test
    void aSessionClosedByItsNextEventBeforeItsTimerFiresHasOneOutcome() throws Exception {
        open();
        send(view("u1", "s1", "p1", 20.0, START));
        harness.prepareSnapshotPreBarrier(1L);
        // The same session id after the timeout, before the watermark reaches the old close: a new session.
        Instant again = START.plus(TIMEOUT).plus(Duration.ofMinutes(5));
        send(view("u1", "s1", "p1", 20.0, again));
        harness.prepareSnapshotPreBarrier(2L);
        assertThat(ScoringHarness.outcomes(harness)).as("closed by the event").hasSize(1);

        watermark(START.plus(TIMEOUT));
        assertThat(ScoringHarness.outcomes(harness)).as("the old close passes: no second outcome").hasSize(1);
        watermark(again.plus(TIMEOUT));
        assertThat(ScoringHarness.outcomes(harness)).extracting(o -> o.firstEventTime)
                .containsExactly(START.toEpochMilli(), again.toEpochMilli());
        assertThat(ScoringHarness.outcomes(harness)).extracting(o -> o.eventCount).containsExactly(1, 1);
    }

    /**
     * Opens two sessions of u1, lets the first close (its outcome the only one), checkpoints, and restores the
     * checkpoint into a new operator with {@code bundle}'s settings, with no outcome collected yet.
     */
    private void restoreAfterTheFirstOfTwoSessionsClosed(ModelBundle bundle) throws Exception {
        open();
        send(view("u1", "s1", "p1", 20.0, START));
        send(view("u1", "s2", "p1", 20.0, START.plus(Duration.ofHours(3))));
        watermark(START.plus(TIMEOUT));
        assertThat(ScoringHarness.outcomes(harness)).extracting(o -> o.sessionId).containsExactly("s1");
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
        harness.close();
        harness = newHarness(bundle);
        harness.initializeState(checkpoint);
        harness.open();
    }

    @Test
    void afterARestoreASessionClosedBeforeTheCheckpointIsNeitherKeptNorEmittedAgain() throws Exception {
        restoreAfterTheFirstOfTwoSessionsClosed(JobTestSupport.sampleBundle());
        // An event before the first watermark after the restore: s1 is known closed from the checkpoint's watermark.
        Instant next = START.plus(Duration.ofHours(4));
        send(view("u1", "s2", "p2", 20.0, next));
        harness.prepareSnapshotPreBarrier(2L);
        assertThat(stored("u1").open).extracting(s -> s.sessionId).containsExactly("s2");

        watermark(next.plus(TIMEOUT));
        assertThat(ScoringHarness.outcomes(harness)).as("after the restore").singleElement().satisfies(o -> {
            assertThat(o.sessionId).isEqualTo("s2");
            assertThat(o.eventCount).isEqualTo(2);
        });
        ScoringHarness.assertOnlyHistoryLeftUntilItsTtl(harness, next);
    }

    @Test
    void restoredWithAnotherHistoryTtlTheTimersReadTheValueAndStillCloseEachSessionOnce() throws Exception {
        ModelBundle shorterTtl = JobTestSupport.sampleBundle();
        Duration ttl = Duration.ofDays(30);
        shorterTtl.metadata().featureConfig.userHistoryTtlMillis = ttl.toMillis();
        restoreAfterTheFirstOfTwoSessionsClosed(shorterTtl);
        Instant next = START.plus(Duration.ofHours(4));
        send(view("u1", "s2", "p2", 20.0, next));

        watermark(next.plus(TIMEOUT));
        assertThat(ScoringHarness.outcomes(harness)).extracting(o -> o.sessionId).containsExactly("s2");
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        watermark(next.plus(ttl).minusMillis(1));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        watermark(next.plus(ttl));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(ScoringHarness.outcomes(harness)).hasSize(1);
    }

    @Test
    void withABundleThatKeepsNoHistoryTheOutcomeTimerLeavesNoStateOrTimer() throws Exception {
        ModelBundle bundle = JobTestSupport.sampleBundle();
        bundle.metadata().featureConfig.userHistoryTtlMillis = TIMEOUT.toMillis();
        harness = newHarness(bundle);
        harness.open();
        send(view("u1", "s1", "p1", 20.0, START));

        watermark(START.plus(TIMEOUT));

        assertThat(ScoringHarness.outcomes(harness)).extracting(o -> o.sessionId).containsExactly("s1");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
