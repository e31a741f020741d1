package io.intentstream.job.functions;

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
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
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
import org.apache.flink.util.OutputTag;

/**
 * Keeps each user's sessions, applies events in event-time order, scores every applied event and closes
 * sessions after the inactivity timeout. Runs on a stream keyed by user id. This class keeps only state,
 * timers and batching; the session rules and features are core's {@link SessionProcessor}, the waiting
 * events {@link WaitingEvents}, the scoring batch {@link PendingScores}.
 *
 * <p>Events wait until the watermark passes their time, then are applied in {@link EventOrder} (time, type,
 * id): the order the replay in core uses, so features match it exactly however events arrive within the
 * allowed lateness. Events at or behind the watermark on arrival are late.
 *
 * <p>Why an {@link AbstractStreamOperator} and not a {@code KeyedProcessFunction}: a process function only
 * hears of the watermark through timers, one per key and time, so each waiting event would need keyed state
 * and a timer of its own, written, read back and deleted. Measured on the same input (docs/BENCHMARKS.md):
 * that layout ran at 29% of the no-op ceiling; the heap list of waiting events, drained in
 * {@link #processWatermark}, at 47%; applying each user's due events with one state read and one write, which
 * needs the whole watermark step at hand, at 59%.
 *
 * <p>Keyed state is one value per user ({@link UserSessions}: its open sessions and its close timer). Timers:
 * one close timer per user, at the earliest possible close of its sessions. Events of a user are applied in
 * time order, so the session just touched always closes last; the timer only moves when it fires. Once all
 * of a user's sessions have closed, the user has no state and no timer left.
 *
 * <p>Scoring: the events a watermark makes due are scored in batches of up to {@link #MAX_BATCH} rows, one
 * scorer call each, so the XGBoost4J fallback pays its per-call setup once per batch rather than per event.
 * A user's state is written, and outcomes of sessions closed in the batch are emitted, after the batch is
 * scored, because both carry the propensities of its events. Batching adds no latency: the events of a
 * watermark step are all due at once anyway.
 */
public class SessionScoringOperator extends AbstractStreamOperator<ScoreRecord>
        implements OneInputStreamOperator<ClickEvent, ScoreRecord>, Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    /** Rows scored per call at most: enough to make XGBoost4J's per-call cost small, few enough to bound memory. */
    static final int MAX_BATCH = 512;

    public static final OutputTag<SessionOutcome> OUTCOMES = ScoringEmitter.OUTCOMES;
    public static final OutputTag<DeadLetter> DEAD_LETTERS = ScoringEmitter.DEAD_LETTERS;

    private final ModelBundle bundle;
    private final ScorerFactory scorerFactory;
    private final BotRule botRule;
    private final int maxDeadLetterRawChars;

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
    private transient PendingScores pending;
    /** Users whose state changed in this batch, written once their events are scored; ids and values by index. */
    private transient ArrayList<String> changedUserIds;
    private transient ArrayList<UserSessions> changedUsers;
    /** Sessions closed in this batch; their outcomes carry propensities of events that may still be pending. */
    private transient ArrayList<SessionState> closedInBatch;

    public SessionScoringOperator(ModelBundle bundle, ScorerFactory scorerFactory, BotRule botRule, int maxDeadLetterRawChars) {
        this.bundle = bundle;
        this.scorerFactory = scorerFactory;
        this.botRule = botRule;
        this.maxDeadLetterRawChars = maxDeadLetterRawChars;
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
            TaskInfo task = getRuntimeContext().getTaskInfo();
            int keyGroups = task.getMaxNumberOfParallelSubtasks();
            waiting.restore(waitingAtCheckpoint.get(), KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                    keyGroups, task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask()), keyGroups);
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
        pending = new PendingScores(FeatureSchema.SIZE, MAX_BATCH);
        changedUserIds = new ArrayList<>();
        changedUsers = new ArrayList<>();
        closedInBatch = new ArrayList<>();
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
            return;
        }
        waiting.add(event);
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
            applyAll(userId, from, to);
        }
        finishBatch();
        due.clear();
        super.processWatermark(mark);
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
     * Applies the due events {@code [from, to)}, all of the current key, in order, and queues them for
     * scoring: one read of the user's state and, unless all were duplicates, one write once they are scored.
     */
    private void applyAll(String userId, int from, int to) throws Exception {
        UserSessions user = userSessions.value();
        if (user == null) {
            user = new UserSessions();
        }
        boolean changed = false;
        for (int i = from; i < to; i++) {
            ClickEvent event = due.get(i);
            if (pending.isFull()) {
                finishBatch();
            }
            if (processor.process(event, user, features, closedInBatch::add) == SessionProcessor.Outcome.DUPLICATE) {
                emit.duplicate();
                continue;
            }
            changed = true;
            SessionState session = processor.lastSession();
            user.put(event.sessionId, session);
            if (session.eventCount == 1) {
                emit.sessionOpened();
            }
            if (user.closeTimer == UserSessions.NO_TIMER) {
                // The session just touched closes last among this user's sessions, so an armed timer is early enough.
                user.closeTimer = engine.closeTime(session);
                closeTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, user.closeTimer);
            }
            if (!emit.droppedAsBot(botRule, event, session)) {
                pending.add(event, session, features);
            }
        }
        if (changed) {
            changedUserIds.add(userId);
            changedUsers.add(user);
        }
    }

    /**
     * Scores the pending events in one call, emits their scores, then the outcomes of the sessions closed
     * meanwhile, and writes the changed users' state: both hold propensities of pending events.
     */
    private void finishBatch() throws Exception {
        pending.score(scorer);
        for (int i = 0; i < pending.size(); i++) {
            emitScore(i);
        }
        pending.clear();
        for (SessionState closed : closedInBatch) {
            emit.outcome(closed);
        }
        closedInBatch.clear();
        if (!changedUsers.isEmpty()) {
            Object userBeingApplied = getCurrentKey();
            for (int i = 0; i < changedUsers.size(); i++) {
                setCurrentKey(changedUserIds.get(i));
                userSessions.update(changedUsers.get(i));
            }
            changedUserIds.clear();
            changedUsers.clear();
            setCurrentKey(userBeingApplied);
        }
    }

    private void emitScore(int i) {
        ClickEvent event = pending.event(i);
        if (pending.error(i) != null) {
            emit.scoringError(event, pending.error(i));
            return;
        }
        float propensity = pending.propensity(i);
        SessionState session = pending.session(i);
        session.lastPropensity = propensity;
        if (pending.beforePurchase(i)) {
            session.lastPropensityBeforePurchase = propensity;
        }
        emit.score(event, propensity, pending.features(i));
    }
}
