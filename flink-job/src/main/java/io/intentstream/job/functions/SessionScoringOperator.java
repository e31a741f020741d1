package io.intentstream.job.functions;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventOrder;
import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.RejectReason;
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
import java.util.Arrays;
import java.util.Comparator;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.KeyGroupRange;
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
 * Keeps each user's sessions, applies events in event-time order, scores every applied event and
 * closes sessions after the inactivity timeout. Runs on a stream keyed by user id.
 *
 * <p>Events wait until the watermark passes their time, then are applied in {@link EventOrder}
 * (time, type, id): the order the trainer's replay uses, so features match it exactly however events
 * arrive within the allowed lateness. Events at or behind the watermark on arrival are late.
 *
 * <p>Keyed state is one value per user ({@link UserSessions}: its open sessions and its close timer), so
 * applying the events of a user that a watermark makes due costs one RocksDB read and one write.
 * Waiting events are held in one heap list per subtask, not in keyed state, where each was written, read
 * back and deleted under an event-time timer of its own (measured: see docs/BENCHMARKS.md). The list
 * holds what arrived ahead of the watermark, about (max out-of-orderness + watermark interval) x input rate per
 * subtask. At a checkpoint it is written to union operator state; on restore each subtask keeps the
 * events whose key group it owns, so rescaling works as for keyed state.
 *
 * <p>Timers: one close timer per user, at the earliest possible close of its sessions. Events of a user
 * are applied in time order, so the session just touched always closes last; the timer only moves when
 * it fires. Once all of a user's sessions have closed, the user has no state and no timer left.
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

    public static final OutputTag<SessionOutcome> OUTCOMES = new OutputTag<>("session-outcomes") {};
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("scoring-dead-letters") {};

    private final ModelBundle bundle;
    private final ScorerFactory scorerFactory;
    private final BotRule botRule;
    private final int maxDeadLetterRawChars;

    private transient ArrayList<ClickEvent> waiting;
    private transient ArrayList<ClickEvent> due;
    private transient ListState<ClickEvent> waitingAtCheckpoint;
    private transient ValueState<UserSessions> userSessions;
    private transient InternalTimerService<VoidNamespace> closeTimers;

    private transient SessionProcessor processor;
    private transient SessionFeatureEngine engine;
    private transient PropensityScorer scorer;
    private transient String modelVersion;
    private transient float[] features;
    private transient StreamRecord<ScoreRecord> scoreRecord;
    private transient PendingScores pending;
    /** Users whose state changed in this batch, written once their events are scored; ids and values by index. */
    private transient ArrayList<String> changedUserIds;
    private transient ArrayList<UserSessions> changedUsers;
    /** Sessions closed in this batch; their outcomes carry propensities of events that may still be pending. */
    private transient ArrayList<SessionState> closedInBatch;

    private transient JobCounters.Count scored;
    private transient JobCounters.Count duplicates;
    private transient JobCounters.Count late;
    private transient JobCounters.Count scoringErrors;
    private transient JobCounters.Count botEvents;
    private transient JobCounters.Count sessionsJudgedBot;
    private transient JobCounters.Count sessionsOpened;
    private transient JobCounters.Count sessionsClosed;
    private transient JobCounters.Count sessionsConverted;

    /** Builds the scorer on the task manager; the bundle itself is checked and shipped by the client. */
    @FunctionalInterface
    public interface ScorerFactory extends java.io.Serializable {
        PropensityScorer create(ModelBundle bundle);
    }

    public SessionScoringOperator(ModelBundle bundle, ScorerFactory scorerFactory, BotRule botRule, int maxDeadLetterRawChars) {
        this.bundle = bundle;
        this.scorerFactory = scorerFactory;
        this.botRule = botRule;
        this.maxDeadLetterRawChars = maxDeadLetterRawChars;
    }

    /** State descriptors, shared with tests that inspect state. */
    public static ListStateDescriptor<ClickEvent> waitingDescriptor() {
        return new ListStateDescriptor<>("events-waiting-for-watermark", TypeInformation.of(ClickEvent.class));
    }

    public static ValueStateDescriptor<UserSessions> userSessionsDescriptor() {
        return new ValueStateDescriptor<>("user-sessions", UserSessionsSerializer.INSTANCE);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        waiting = new ArrayList<>();
        due = new ArrayList<>();
        waitingAtCheckpoint = context.getOperatorStateStore().getUnionListState(waitingDescriptor());
        if (context.isRestored()) {
            // Union state hands every subtask all waiting events; keep those of the keys this subtask owns.
            TaskInfo task = getRuntimeContext().getTaskInfo();
            int keyGroups = task.getMaxNumberOfParallelSubtasks();
            KeyGroupRange owned = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                    keyGroups, task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
            for (ClickEvent e : waitingAtCheckpoint.get()) {
                if (owned.contains(KeyGroupRangeAssignment.assignToKeyGroup(e.userId, keyGroups))) {
                    waiting.add(e);
                }
            }
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        // update() copies the elements into the state's own list; the events themselves are never mutated.
        waitingAtCheckpoint.update(waiting);
    }

    @Override
    public void open() throws Exception {
        super.open();
        userSessions = getRuntimeContext().getState(userSessionsDescriptor());
        closeTimers = getInternalTimerService("session-close", VoidNamespaceSerializer.INSTANCE, this);
        engine = new SessionFeatureEngine(bundle.metadata().featureConfig.toConfig());
        processor = new SessionProcessor(engine);
        scorer = scorerFactory.create(bundle);
        modelVersion = bundle.metadata().modelVersion;
        features = new float[FeatureSchema.SIZE];
        scoreRecord = new StreamRecord<>(null);
        pending = new PendingScores(FeatureSchema.SIZE, MAX_BATCH);
        changedUserIds = new ArrayList<>();
        changedUsers = new ArrayList<>();
        closedInBatch = new ArrayList<>();
        scored = JobCounters.register(getRuntimeContext(), "events_scored");
        duplicates = JobCounters.register(getRuntimeContext(), "events_duplicate");
        late = JobCounters.register(getRuntimeContext(), "events_late");
        scoringErrors = JobCounters.register(getRuntimeContext(), "events_scoring_error");
        botEvents = JobCounters.register(getRuntimeContext(), "events_bot_session");
        sessionsJudgedBot = JobCounters.register(getRuntimeContext(), "sessions_judged_bot");
        sessionsOpened = JobCounters.register(getRuntimeContext(), "sessions_opened");
        sessionsClosed = JobCounters.register(getRuntimeContext(), "sessions_closed");
        sessionsConverted = JobCounters.register(getRuntimeContext(), "sessions_converted");
        getRuntimeContext().getMetricGroup().addGroup("intentstream").gauge("events_waiting_for_watermark", () -> waiting.size());
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
            late.inc();
            deadLetter(event, RejectReason.LATE.code(), "event time " + event.eventTime + " is at or behind the watermark " + watermark);
            return;
        }
        waiting.add(event);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // Due events first, then due close timers: applying an event closes its own session first if it
        // timed out, so the features are those of the time-ordered history either way.
        takeDue(mark.getTimestamp());
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

    /**
     * Moves the events at or before the watermark to {@link #due}, grouped by user and in {@link EventOrder}
     * within a user: only a user's own order matters to its features, and a group costs one state read and
     * one write however many events it has. Groups of more than one event are common when the job catches
     * up on a backlog (a watermark step then spans minutes of event time) and rare at live rates.
     */
    private void takeDue(long watermark) {
        int kept = 0;
        for (int i = 0; i < waiting.size(); i++) {
            ClickEvent e = waiting.get(i);
            if (e.eventTime <= watermark) {
                due.add(e);
            } else {
                waiting.set(kept++, e);
            }
        }
        waiting.subList(kept, waiting.size()).clear();
        due.sort(BY_USER_THEN_EVENT_ORDER);
    }

    private static final Comparator<ClickEvent> BY_USER_THEN_EVENT_ORDER = (a, b) -> {
        int byUser = a.userId.compareTo(b.userId);
        return byUser != 0 ? byUser : EventOrder.COMPARATOR.compare(a, b);
    };

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        UserSessions user = userSessions.value();
        if (user == null || user.closeTimer == UserSessions.NO_TIMER || user.closeTimer > timer.getTimestamp()) {
            return;
        }
        closeExpiredSessions(timer.getTimestamp(), user);
        if (user.isEmpty()) {
            userSessions.clear();
        } else {
            userSessions.update(user);
        }
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
            SessionProcessor.Outcome outcome = processor.process(event, user, features, closedInBatch::add);
            if (outcome == SessionProcessor.Outcome.DUPLICATE) {
                duplicates.inc();
                continue;
            }
            changed = true;
            SessionState session = processor.lastSession();
            user.put(event.sessionId, session);
            if (session.eventCount == 1) {
                sessionsOpened.inc();
            }
            if (user.closeTimer == UserSessions.NO_TIMER) {
                // The session just touched closes last among this user's sessions, so an armed timer is early enough.
                user.closeTimer = engine.closeTime(session);
                closeTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, user.closeTimer);
            }
            if (!isBot(event, session)) {
                pending.add(event, session, features);
            }
        }
        if (changed) {
            changedUserIds.add(userId);
            changedUsers.add(user);
        }
    }

    /** Judges the session at this event; a bot session's events go to dead letters instead of being scored. */
    private boolean isBot(ClickEvent event, SessionState session) {
        String botReason = botRule.enabled() ? botRule.judge(session) : null;
        if (botReason != null && !session.judgedBot) {
            session.judgedBot = true;
            sessionsJudgedBot.inc();
        }
        if (session.judgedBot) {
            botEvents.inc();
            // The reason is recomputed rather than kept in state; a rate trigger may no longer hold.
            deadLetter(event, RejectReason.BOT_SESSION.code(), botReason != null ? botReason : "session was judged a bot earlier");
        }
        return session.judgedBot;
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
            emitOutcome(closed);
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
            scoringErrors.inc();
            deadLetter(event, RejectReason.SCORING_ERROR.code(), pending.error(i));
            return;
        }
        float propensity = pending.propensity(i);
        SessionState session = pending.session(i);
        session.lastPropensity = propensity;
        if (pending.beforePurchase(i)) {
            session.lastPropensityBeforePurchase = propensity;
        }

        ScoreRecord score = new ScoreRecord();
        score.eventId = event.eventId;
        score.sessionId = event.sessionId;
        score.userId = event.userId;
        score.eventType = event.eventType.wireName();
        score.eventTime = event.eventTime;
        score.scoredAt = System.currentTimeMillis();
        score.modelVersion = modelVersion;
        score.propensity = propensity;
        score.features = pending.features(i);
        scored.inc();
        output.collect(scoreRecord.replace(score, event.eventTime));
    }

    /** Closes the sessions that have timed out and re-arms the timer for the rest. */
    private void closeExpiredSessions(long timestamp, UserSessions user) {
        long nextClose = Long.MAX_VALUE;
        int kept = 0;
        SessionState[] open = user.open;
        for (SessionState s : open) {
            long closeAt = engine.closeTime(s);
            if (closeAt <= timestamp) {
                emitOutcome(s);
            } else {
                open[kept++] = s;
                nextClose = Math.min(nextClose, closeAt);
            }
        }
        user.open = Arrays.copyOf(open, kept);
        if (nextClose == Long.MAX_VALUE) {
            user.closeTimer = UserSessions.NO_TIMER;
        } else {
            user.closeTimer = nextClose;
            closeTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, nextClose);
        }
    }

    private void emitOutcome(SessionState s) {
        SessionOutcome o = new SessionOutcome();
        o.sessionId = s.sessionId;
        o.userId = s.userId;
        o.firstEventTime = s.firstEventTime;
        o.lastEventTime = s.lastEventTime;
        o.eventCount = s.eventCount;
        o.converted = s.converted();
        o.firstPurchaseTime = s.firstPurchaseTime;
        o.lastPropensityBeforeConversion = s.lastPropensityBeforePurchase;
        o.modelVersion = modelVersion;
        o.judgedBot = s.judgedBot;
        sessionsClosed.inc();
        if (o.converted) {
            sessionsConverted.inc();
        }
        output.collect(OUTCOMES, new StreamRecord<>(o, s.lastEventTime));
    }

    private void deadLetter(ClickEvent event, String reason, String detail) {
        output.collect(DEAD_LETTERS, new StreamRecord<>(DeadLetter.of(JsonEventWriter.toJson(event), maxDeadLetterRawChars,
                reason, detail, event.origin, System.currentTimeMillis()), event.eventTime));
    }
}
