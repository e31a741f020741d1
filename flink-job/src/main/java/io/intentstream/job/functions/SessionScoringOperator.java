package io.intentstream.job.functions;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventOrder;
import io.intentstream.features.BotRule;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionProcessor;
import io.intentstream.features.SessionState;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.job.state.UserSessions;
import io.intentstream.job.state.UserSessionsSerializer;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.PropensityScorer;
import java.util.ArrayList;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.apache.flink.util.OutputTag;

/**
 * Keeps each user's sessions, applies and scores every event, and closes sessions after the inactivity timeout
 * (keyed by user id). It keeps only state, timers and batching: session rules and features are core's
 * {@link SessionProcessor}, the rest is in {@link WaitingEvents}, {@link ScoringBatch} and {@link ScoringEmitter}.
 * docs/architecture.md describes the state and timers, docs/delivery.md the two apply orders.
 *
 * <p>{@link ApplyOrder#ARRIVAL} applies and scores an event when it arrives; one that comes behind an event of its
 * user applied before it is applied all the same, and marked out of order. {@link ApplyOrder#EVENT_TIME} holds
 * events until the watermark passes them and applies them in {@link EventOrder}. In both, an event at or behind
 * the watermark on arrival is late, so a closed session is never reopened.
 *
 * <p>Why an {@link AbstractStreamOperator} and not a {@code KeyedProcessFunction}: a process function hears of
 * the watermark only through timers, one per key and time, so in event-time order each waiting event needed
 * keyed state and a timer of its own. Measured on the same input (docs/BENCHMARKS.md): that layout ran at 29% of
 * the no-op ceiling; the heap list of waiting events, drained in {@link #processWatermark}, at 47%; applying each
 * user's due events with one state read and one write, which needs the whole watermark step at hand, at 59%. A
 * batch also holds rows of several keys for one scorer call, flushed before every barrier.
 *
 * <p>A scorer that prefers batches (XGBoost4J) gets up to {@link #MAX_BATCH} rows per call: the events a
 * watermark makes due, or those arriving within {@code maxHoldMillis} (the network buffer timeout); the Java
 * evaluator scores each arriving event at once. Changed users' state is held and written back at each watermark,
 * before each barrier and at {@link #MAX_HELD_USERS}: a user's events in between cost one state read and one write
 * (what keeps catching up fast). Outcomes and written state carry propensities, so they wait for the scores.
 */
public class SessionScoringOperator extends AbstractStreamOperator<ScoreRecord>
        implements OneInputStreamOperator<ClickEvent, ScoreRecord>, Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    /** Rows scored per call at most: enough to make XGBoost4J's per-call cost small, few enough to bound memory. */
    static final int MAX_BATCH = 512;
    /** Users whose state is held for a write-back at most: about a watermark interval's worth when catching up. */
    static final int MAX_HELD_USERS = 16_384;

    public static final OutputTag<SessionOutcome> OUTCOMES = ScoringEmitter.OUTCOMES;
    public static final OutputTag<DeadLetter> DEAD_LETTERS = ScoringEmitter.DEAD_LETTERS;

    private final ModelBundle bundle;
    private final ScorerFactory scorerFactory;
    private final BotRule botRule;
    private final int maxDeadLetterRawChars;
    private final ApplyOrder applyOrder;
    /** Arrival order, scorers that prefer batches: how long a row may wait for others; 0 scores at once. */
    private final long maxHoldMillis;

    private transient WaitingEvents waiting;
    private transient ArrayList<ClickEvent> due;
    private transient ListState<ClickEvent> waitingAtCheckpoint;
    private transient ValueState<UserSessions> userSessions;
    private transient InternalTimerService<VoidNamespace> closeTimers;

    private transient SessionProcessor processor;
    private transient SessionFeatureEngine engine;
    private transient PropensityScorer scorer;
    private transient float[] features;
    private transient ScoringEmitter emit;
    private transient ScoringBatch batch;
    private transient boolean holdRows;
    private transient boolean flushScheduled;

    public SessionScoringOperator(ModelBundle bundle, ScorerFactory scorerFactory, BotRule botRule, int maxDeadLetterRawChars,
            ApplyOrder applyOrder, long maxHoldMillis) {
        this.bundle = bundle;
        this.scorerFactory = scorerFactory;
        this.botRule = botRule;
        this.maxDeadLetterRawChars = maxDeadLetterRawChars;
        this.applyOrder = applyOrder;
        this.maxHoldMillis = maxHoldMillis;
    }

    /** The keyed state descriptor, shared with tests that inspect state. */
    public static ValueStateDescriptor<UserSessions> userSessionsDescriptor() {
        return new ValueStateDescriptor<>("user-sessions", UserSessionsSerializer.INSTANCE);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        waiting = new WaitingEvents();
        due = new ArrayList<>();
        waitingAtCheckpoint = context.getOperatorStateStore().getUnionListState(WaitingEvents.descriptor());
        if (context.isRestored()) {
            waiting.restore(waitingAtCheckpoint.get(), getRuntimeContext().getTaskInfo());
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        waiting.snapshotTo(waitingAtCheckpoint);
    }

    @Override
    public void open() throws Exception {
        super.open();
        userSessions = getRuntimeContext().getState(userSessionsDescriptor());
        closeTimers = getInternalTimerService("session-close", VoidNamespaceSerializer.INSTANCE, this);
        engine = new SessionFeatureEngine(bundle.metadata().featureConfig.toConfig());
        processor = new SessionProcessor(engine);
        scorer = scorerFactory.create(bundle);
        features = new float[FeatureSchema.SIZE];
        emit = new ScoringEmitter(output, getRuntimeContext(), bundle.metadata().modelVersion, maxDeadLetterRawChars);
        batch = new ScoringBatch(FeatureSchema.SIZE, MAX_BATCH, MAX_HELD_USERS);
        holdRows = applyOrder == ApplyOrder.EVENT_TIME || (scorer.prefersBatches() && maxHoldMillis > 0);
        getRuntimeContext().getMetricGroup().addGroup(JobMetric.GROUP)
                .gauge(JobMetric.EVENTS_WAITING_FOR_WATERMARK, () -> waiting.size());
    }

    @Override
    public void close() throws Exception {
        try {
            if (scorer != null) {
                scorer.close();
            }
        } finally {
            super.close();
        }
    }

    @Override
    public void processElement(StreamRecord<ClickEvent> record) throws Exception {
        ClickEvent event = record.getValue();
        long watermark = closeTimers.currentWatermark();
        if (event.eventTime <= watermark) {
            emit.late(event, watermark);
        } else if (applyOrder == ApplyOrder.EVENT_TIME) {
            waiting.add(event);
        } else {
            due.add(event);
            apply(event.userId, 0, 1);
            due.clear();
            if (!holdRows) {
                scoreRows();
            } else if (!flushScheduled && !batch.hasNoRows()) {
                flushScheduled = true;
                ProcessingTimeService clock = getProcessingTimeService();
                clock.registerTimer(clock.getCurrentProcessingTime() + maxHoldMillis, time -> {
                    flushScheduled = false;
                    scoreRows();
                });
            }
            if (batch.holdsMaxUsers()) {
                writeBack();
            }
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // Due events first, then due close timers: applying an event closes its own session first if it
        // timed out, so the features are those of the time-ordered history either way.
        waiting.takeDue(mark.getTimestamp(), due);
        for (int from = 0, to; from < due.size(); from = to) {
            String userId = due.get(from).userId;
            to = from + 1;
            while (to < due.size() && due.get(to).userId.equals(userId)) {
                to++;
            }
            setCurrentKey(userId);
            apply(userId, from, to);
        }
        due.clear();
        // Close timers read users' state: write what is held first. This also bounds how long state is held.
        writeBack();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        // Held rows are scored and held users written before the barrier: the checkpoint then holds every
        // applied event's state, and no event that is applied but not yet emitted.
        writeBack();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        UserSessions user = userSessions.value();
        if (user == null || user.closeTimer == UserSessions.NO_TIMER || user.closeTimer > timer.getTimestamp()) {
            return;
        }
        long nextClose = user.closeExpired(timer.getTimestamp(), engine, emit::outcome);
        if (user.isEmpty()) {
            userSessions.clear();
            return;
        }
        closeTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, nextClose);
        userSessions.update(user);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

    /**
     * Applies {@code due[from, to)}, all of the current key, in order, and queues them for scoring: one read of
     * the user's state (none while the batch holds it) and, unless all were duplicates, one write once scored.
     */
    private void apply(String userId, int from, int to) throws Exception {
        UserSessions held = batch.changedUser(userId);
        UserSessions user = held != null ? held : userSessions.value();
        if (user == null) {
            user = new UserSessions();
        }
        for (int i = from; i < to; i++) {
            ClickEvent event = due.get(i);
            if (batch.isFull()) {
                scoreRows();
            }
            if (processor.process(event, user, features, batch::sessionClosed) == SessionProcessor.Outcome.DUPLICATE) {
                emit.duplicate();
                continue;
            }
            batch.userChanged(userId, user);
            boolean outOfOrder = user.applied(event);
            SessionState session = processor.lastSession();
            user.put(event.sessionId, session);
            if (session.eventCount == 1) {
                emit.sessionOpened();
            }
            long closeAt = engine.closeTime(session);
            if (user.closeTimer == UserSessions.NO_TIMER || closeAt < user.closeTimer) {
                // In time order the session just touched closes last, so an armed timer is early enough; an
                // event out of order may open a session that closes before it.
                user.closeTimer = closeAt;
                closeTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, closeAt);
            }
            if (!emit.droppedAsBot(botRule, event, session)) {
                batch.add(event, session, features, outOfOrder);
            }
        }
    }

    /** Scores the held rows in one call and emits their scores, then the outcomes of the sessions closed meanwhile. */
    private void scoreRows() {
        if (batch.hasNoRows()) {
            return;
        }
        batch.score(scorer);
        for (int i = 0; i < batch.size(); i++) {
            if (batch.error(i) != null) {
                emit.scoringError(batch.event(i), batch.error(i));
            } else {
                emit.score(batch.event(i), batch.propensity(i), batch.features(i), batch.outOfOrder(i));
            }
        }
        batch.closedSessions().forEach(emit::outcome);
        batch.clearRows();
    }

    /** Writes the held users' state, after scoring the held rows: sessions carry their propensities. */
    private void writeBack() throws Exception {
        scoreRows();
        if (batch.changedUsers().isEmpty()) {
            return;
        }
        Object userBeingApplied = getCurrentKey();
        for (Map.Entry<String, UserSessions> user : batch.changedUsers().entrySet()) {
            setCurrentKey(user.getKey());
            userSessions.update(user.getValue());
        }
        batch.changedUsers().clear();
        setCurrentKey(userBeingApplied);
    }

}
