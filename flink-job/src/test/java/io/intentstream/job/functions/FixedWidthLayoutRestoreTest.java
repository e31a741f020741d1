package io.intentstream.job.functions;

import static io.intentstream.job.JobTestSupport.cart;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.features.BotRule;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.job.state.UserSessions;
import io.intentstream.model.JavaTreeScorer;
import io.intentstream.model.ModelBundle;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint of the scoring operator from before the compact state layout (values in format 3, outcome timers in
 * the fixed-width layout) restores, and each of its sessions still closes exactly once: a user whose value is
 * rewritten moves the timer registered in the old layout (its bytes, in RocksDB, are the old ones), and a user who
 * does not come back has the old timer fire as it was.
 *
 * <p>The checkpoint ({@code state/scoring-operator-fixed-width-layout.snapshot}) was written by the operator of commit
 * e519b05 under this harness (heap backend, the sample bundle, arrival order, maximum parallelism 1), with
 * {@code OperatorSnapshotUtil.writeStateHandle}, after: u1 views p1 in session {@link #S1} at {@link #START} and
 * carts it a minute later; u2 views p2 (629.24) in session {@link #S2} ten minutes after the start and buys it two
 * minutes later; a watermark at start + 30 minutes; then the snapshot (checkpoint 1).
 */
class FixedWidthLayoutRestoreTest {
    private static final Instant START = Instant.parse("2019-10-01T00:00:00Z");
    private static final String S1 = "8e36e992-d349-4c60-b643-1d8c054f27ff";
    private static final String S2 = "834a0b2e-1f6c-4a8e-9a51-0c3d2e7f4b10";
    private static final Duration TIMEOUT = Duration.ofMillis(
            JobTestSupport.sampleBundle().metadata().featureConfig.toConfig().sessionTimeoutMillis());
    private KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> harness;

    private static JavaTreeScorer java(ModelBundle bundle) {
        return JavaTreeScorer.fromModelJson(bundle.boosterJson(), bundle.metadata().bestIteration);
    }

    private void restore() throws Exception {
        harness = ScoringHarness.create(ModelSet.fixed(JobTestSupport.sampleBundle()), BundleSource.none(),
                FixedWidthLayoutRestoreTest::java, new ScoringSettings(BotRule.off(), 1000, ApplyOrder.ARRIVAL, 0, false),
                1, 1, 0);
        Path snapshot = Path.of(getClass().getResource("/state/scoring-operator-fixed-width-layout.snapshot").toURI());
        harness.initializeState(OperatorSnapshotUtil.readStateHandle(snapshot.toString()));
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private UserSessions stored(String userId) throws Exception {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        KeyedStateBackend<Object> backend = operator.getKeyedStateBackend();
        backend.setCurrentKey(userId);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                UserSessions.descriptor()).value();
    }

    @Test
    void eachSessionOfTheOldLayoutClosesOnceWhetherItsUserComesBackOrNot() throws Exception {
        restore();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        assertThat(stored("u1").timerInFixedWidthLayout).as("a value of format 3").isTrue();

        Instant back = START.plus(Duration.ofMinutes(2));
        ScoringHarness.send(harness, cart("u1", S1, "p1", 20.0, back));
        harness.prepareSnapshotPreBarrier(2L);
        assertThat(harness.numEventTimeTimers()).as("u1's old timer moved, not left behind").isEqualTo(2);
        assertThat(stored("u1").timerInFixedWidthLayout).as("rewritten in the compact format").isFalse();

        ScoringHarness.watermark(harness, START.plus(Duration.ofMinutes(1)).plus(TIMEOUT));
        assertThat(ScoringHarness.outcomes(harness)).as("u1's old close passes").isEmpty();
        ScoringHarness.watermark(harness, back.plus(TIMEOUT));
        assertThat(ScoringHarness.outcomes(harness)).singleElement().satisfies(o -> {
            assertThat(o.sessionId).isEqualTo(S1);
            assertThat(o.eventCount).isEqualTo(3);
            assertThat(o.converted).isFalse();
        });
        ScoringHarness.watermark(harness, START.plus(Duration.ofMinutes(12)).plus(TIMEOUT));
        assertThat(ScoringHarness.outcomes(harness)).extracting(o -> o.sessionId).containsExactly(S1, S2);
        SessionOutcome u2 = ScoringHarness.outcomes(harness).get(1);
        assertThat(u2.eventCount).isEqualTo(2);
        assertThat(u2.converted).isTrue();
        assertThat(u2.userId).isEqualTo("u2");

        assertThat(harness.numKeyedStateEntries()).as("the two users' histories").isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).as("their expiries").isEqualTo(2);
        ScoringHarness.watermark(harness, START.plus(Duration.ofMinutes(12)).plus(ScoringHarness.HISTORY_TTL));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
