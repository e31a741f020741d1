package io.intentstream.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.features.BotRule;
import io.intentstream.features.FeatureConfig;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.job.records.UserScoreRecord;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.PropensityScorer;
import io.intentstream.model.XGBoostScorer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/** The scoring operator under Flink's keyed test harness, with the sample bundle, and what it emitted. */
final class ScoringHarness {
    private ScoringHarness() {}

    /** The operator with the sample bundle fixed, for one subtask of {@code parallelism}; not yet opened. */
    static KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> create(ScorerFactory scorers,
            BotRule botRule, ApplyOrder order, long maxHoldMillis, int maxParallelism, int parallelism, int subtask)
            throws Exception {
        return create(ModelSet.fixed(JobTestSupport.sampleBundle()), BundleSource.none(), scorers,
                new ScoringSettings(botRule, 1000, order, maxHoldMillis, false), maxParallelism, parallelism, subtask);
    }

    /** The operator starting with {@code models}; new models are built on the scoring thread, so a swap has a known place. */
    static KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> create(ModelSet models,
            BundleSource bundles, ScorerFactory scorers, ScoringSettings settings, int maxParallelism, int parallelism,
            int subtask) throws Exception {
        // The model input is broadcast, not keyed: no key selector, as in the job.
        return new KeyedTwoInputStreamOperatorTestHarness<>(new SessionScoringOperator(models, bundles, scorers, settings),
                e -> e.userId, null, Types.STRING, maxParallelism, parallelism, subtask);
    }

    static void send(KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> h, ClickEvent e) throws Exception {
        h.processElement1(e, e.eventTime);
    }

    /** How long a user's history outlives the user's last event: the default of the sample bundle's configuration. */
    static final Duration HISTORY_TTL = Duration.ofMillis(FeatureConfig.DEFAULT_USER_HISTORY_TTL_MILLIS);

    /**
     * After a user's sessions have closed, the user's history is the one state entry left, with one timer, until its
     * TTL after the user's last event; then the user leaves no state and no timer.
     */
    static void assertOnlyHistoryLeftUntilItsTtl(KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate,
            ScoreRecord> h, Instant lastEvent) throws Exception {
        assertThat(h.numKeyedStateEntries()).as("state entries while the history waits").isEqualTo(1);
        assertThat(h.numEventTimeTimers()).as("timers while the history waits").isEqualTo(1);
        watermark(h, lastEvent.plus(HISTORY_TTL).minusMillis(1));
        assertThat(h.numKeyedStateEntries()).as("state entries a millisecond before the TTL").isEqualTo(1);
        watermark(h, lastEvent.plus(HISTORY_TTL));
        assertThat(h.numKeyedStateEntries()).as("state entries after the TTL").isZero();
        assertThat(h.numEventTimeTimers()).as("timers after the TTL").isZero();
    }

    static void watermark(KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> h, Instant at) throws Exception {
        h.processWatermark1(new Watermark(at.toEpochMilli()));
    }

    static List<ScoreRecord> scores(KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> h) {
        return h.extractOutputValues();
    }

    static List<SessionOutcome> outcomes(KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> h) {
        return sideOutput(h, SessionScoringOperator.OUTCOMES);
    }

    static List<UserScoreRecord> userScores(KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> h) {
        return sideOutput(h, SessionScoringOperator.USER_SCORES);
    }

    static List<DeadLetter> deadLetters(KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> h) {
        return sideOutput(h, SessionScoringOperator.DEAD_LETTERS);
    }

    private static <T> List<T> sideOutput(KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, ModelUpdate, ScoreRecord> h,
            OutputTag<T> tag) {
        var queue = h.getSideOutput(tag);
        return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    /** The real XGBoost4J scorer behind a test's own behaviour: subclasses override what they watch or break. */
    abstract static class XGBoostBacked implements PropensityScorer {
        final XGBoostScorer delegate;

        XGBoostBacked(ModelBundle bundle) {
            this.delegate = new XGBoostScorer(bundle);
        }

        @Override
        public float predict(float[] features) {
            return delegate.predict(features);
        }

        @Override
        public boolean prefersBatches() {
            return delegate.prefersBatches();
        }

        @Override
        public String name() {
            return getClass().getSimpleName();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
