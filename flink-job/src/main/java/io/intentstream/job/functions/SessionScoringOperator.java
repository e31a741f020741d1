package io.intentstream.job.functions;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventOrder;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionProcessor;
import io.intentstream.features.SessionState;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.job.records.UserScoreRecord;
import io.intentstream.job.state.UserSessions;
import io.intentstream.job.state.UserTimer;
import io.intentstream.job.state.UserTimerSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.apache.flink.util.OutputTag;

/**
 * Keeps each user's sessions, applies and scores every event, and closes sessions after the inactivity timeout
 * (keyed by user id). It keeps only state, timers and batching; the rest is core's {@link SessionProcessor},
 * {@link WaitingEvents}, {@link ScoringBatch}, {@link RowScorer}, {@link ModelSwitch} and {@link ScoringEmitter}.
 * docs/architecture.md describes state, timers and batching; docs/delivery.md the apply orders; docs/lifecycle.md
 * the models of the second input (the registry's stage documents, broadcast to every subtask).
 *
 * <p>{@link ApplyOrder#ARRIVAL} applies and scores an event when it arrives (one behind an event of its user
 * applied before it is marked out of order); {@link ApplyOrder#EVENT_TIME} holds events until the watermark
 * passes them and applies them in {@link EventOrder}. In both, an event at or behind the watermark is late.
 *
 * <p>Why an {@link AbstractStreamOperator} and not a {@code KeyedProcessFunction}: a process function hears of
 * the watermark only through timers, one per key and time, so in event-time order each waiting event needed
 * keyed state and a timer of its own. Measured on the same input (docs/BENCHMARKS.md): that layout ran at 29% of
 * the no-op ceiling; the heap list of waiting events, drained in {@link #processWatermark1}, at 47%; applying each
 * user's due events with one state read and one write, which needs the whole watermark step at hand, at 59%. The
 * operator also holds rows and users' state across keys ({@link #MAX_BATCH}, {@link #MAX_HELD_USERS}), written
 * back at each watermark and before each barrier, and ignores the watermarks of the model input.
 */
public class SessionScoringOperator extends AbstractStreamOperator<ScoreRecord>
        implements TwoInputStreamOperator<ClickEvent, ModelUpdate, ScoreRecord>, Triggerable<String, UserTimer> {
    private static final long serialVersionUID = 1L;
    /** Rows scored per call at most: enough to make XGBoost4J's per-call cost small, few enough to bound memory. */
    static final int MAX_BATCH = 512;
    /** Users whose state is held for a write-back at most: about a watermark interval's worth when catching up. */
    static final int MAX_HELD_USERS = 16_384;

    public static final OutputTag<SessionOutcome> OUTCOMES = ScoringEmitter.OUTCOMES;
    public static final OutputTag<DeadLetter> DEAD_LETTERS = ScoringEmitter.DEAD_LETTERS;
    public static final OutputTag<ScoreRecord> SHADOW_SCORES = ScoringEmitter.SHADOW_SCORES_TAG;
    public static final OutputTag<UserScoreRecord> USER_SCORES = ScoringEmitter.USER_SCORES;

    private final ModelSet initialModels;
    private final BundleSource bundleSource;
    private final ScorerFactory scorerFactory;
    private final ScoringSettings settings;

    private transient WaitingEvents waiting;
    private transient ArrayList<ClickEvent> due;
    private transient ListState<ClickEvent> waitingAtCheckpoint;
    private transient ListState<long[]> timerFacts;
    /**
     * The watermark the subtask's timers had fired up to at the checkpoint it was restored from, and whether its
     * timers can fire without reading the values they were set for ({@link TimerTrust}).
     */
    private transient TimerTrust.Restored restored;
    /** The production bundle's session settings, which the timers and the feature engine follow. */
    private transient FeatureConfig featureConfig;
    private transient ValueState<UserSessions> userSessions;
    private transient InternalTimerService<UserTimer> userTimers;

    private transient SessionProcessor processor;
    private transient SessionFeatureEngine engine;
    private transient ModelSwitch models;
    private transient UserScorers userModels;
    private transient RowScorer rows;
    private transient float[] features;
    private transient ScoringEmitter emit;
    private transient ScoringBatch batch;
    private transient boolean holdRows;
    private transient boolean flushScheduled;

    public SessionScoringOperator(ModelSet initialModels, BundleSource bundleSource, ScorerFactory scorerFactory,
            ScoringSettings settings) {
        this.initialModels = initialModels;
        this.bundleSource = bundleSource;
        this.scorerFactory = scorerFactory;
        this.settings = settings;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        waiting = new WaitingEvents();
        due = new ArrayList<>();
        waitingAtCheckpoint = context.getOperatorStateStore().getUnionListState(WaitingEvents.descriptor());
        featureConfig = initialModels.production().metadata().featureConfig.toConfig();
        timerFacts = context.getOperatorStateStore().getUnionListState(TimerTrust.descriptor());
        restored = TimerTrust.FRESH;
        if (context.isRestored()) {
            waiting.restore(waitingAtCheckpoint.get(), getRuntimeContext().getTaskInfo());
            TaskInfo task = getRuntimeContext().getTaskInfo();
            restored = TimerTrust.restore(timerFacts.get(), true, task.getNumberOfParallelSubtasks(),
                    task.getIndexOfThisSubtask(), featureConfig);
        }
        models = new ModelSwitch(initialModels, bundleSource, scorerFactory, settings.loadModelsInBackground(),
                getOperatorName(), settings.explain().topK());
        models.initialize(context.getOperatorStateStore().getBroadcastState(ModelSwitch.descriptor()));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        waiting.snapshotTo(waitingAtCheckpoint);
        TaskInfo task = getRuntimeContext().getTaskInfo();
        timerFacts.update(List.of(TimerTrust.entry(task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask(),
                watermark(), featureConfig, restored.trusted())));
    }

    @Override
    public void open() throws Exception {
        super.open();
        userSessions = getRuntimeContext().getState(UserSessions.descriptor());
        userTimers = getInternalTimerService("user-timer", UserTimerSerializer.INSTANCE, this);
        // Timers of checkpoints taken before timers carried what to do (one per user, no namespace) still fire.
        getInternalTimerService("session-close", VoidNamespaceSerializer.INSTANCE, new ClosesOfEarlierCheckpoints());
        engine = new SessionFeatureEngine(featureConfig);
        processor = new SessionProcessor(engine);
        features = new float[FeatureSchema.SIZE];
        emit = new ScoringEmitter(output, getRuntimeContext(), settings.maxDeadLetterRawChars());
        batch = new ScoringBatch(FeatureSchema.SIZE, MAX_BATCH, MAX_HELD_USERS);
        rows = new RowScorer(batch, models, emit, MAX_BATCH, settings.explain());
        userModels = UserScorers.build(initialModels.userBundles(), scorerFactory);
        emit.modelsActive(models.models().stages().activeVersions());
        holdRows = holdRows();
        getRuntimeContext().getMetricGroup().addGroup(JobMetric.GROUP)
                .gauge(JobMetric.EVENTS_WAITING_FOR_WATERMARK, () -> waiting.size());
    }

    @Override
    public void close() throws Exception {
        try (ModelSwitch closing = models; UserScorers closingUserModels = userModels) {
            super.close();
        }
    }

    /** Whether rows wait for a batch: event-time order always; arrival order when a scorer pays per call. */
    private boolean holdRows() {
        return settings.applyOrder() == ApplyOrder.EVENT_TIME
                || (models.models().prefersBatches() && settings.maxHoldMillis() > 0);
    }

    @Override
    public void processElement2(StreamRecord<ModelUpdate> record) throws Exception {
        models.offer(record.getValue());
    }

    /** Swaps in new models once they are built, after scoring the rows held for the old ones. */
    private void switchModelsIfReady() throws Exception {
        if (models.hasNewModels()) {
            rows.scoreRows();
            emit.modelsSwapped(models.swap());
            emit.modelsActive(models.models().stages().activeVersions());
            holdRows = holdRows();
        }
    }

    @Override
    public void processElement1(StreamRecord<ClickEvent> record) throws Exception {
        switchModelsIfReady();
        ClickEvent event = record.getValue();
        long watermark = userTimers.currentWatermark();
        if (event.eventTime <= watermark) {
            emit.late(event, watermark);
        } else if (settings.applyOrder() == ApplyOrder.EVENT_TIME) {
            waiting.add(event);
        } else {
            due.add(event);
            apply(event.userId, 0, 1);
            due.clear();
            if (!holdRows) {
                rows.scoreRows();
            } else if (!flushScheduled && !batch.hasNoRows()) {
                flushScheduled = true;
                ProcessingTimeService clock = getProcessingTimeService();
                clock.registerTimer(clock.getCurrentProcessingTime() + settings.maxHoldMillis(), time -> {
                    flushScheduled = false;
                    rows.scoreRows();
                });
            }
            if (batch.holdsMaxUsers()) {
                writeBack();
            }
        }
    }

    /** Event time comes from the events alone: the model input's watermarks, if any, are ignored. */
    @Override
    public void processWatermark2(Watermark mark) {}

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        switchModelsIfReady();
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
        // Held users are written and their timers moved before any fires: a timer then finds the value it was
        // registered for, and an outcome timer carries the propensities of the rows scored here.
        writeBack();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        switchModelsIfReady();
        // Held rows are scored and held users written before the barrier: the checkpoint then holds every
        // applied event's state, and no event that is applied but not yet emitted.
        writeBack();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    /**
     * A user's timer: an outcome timer emits the outcomes of the sessions it carries that close now and sets the
     * user's next timer, or forgets the user whose history expires with them, with no read or write of the user's
     * value (closed sessions are dropped when the value is next read); the others read the value. No user is held
     * when timers fire (they fire after the write-back).
     */
    @Override
    public void onEventTime(InternalTimer<String, UserTimer> timer) throws Exception {
        UserTimer fired = timer.getNamespace();
        long now = timer.getTimestamp();
        if (!restored.trusted() || fired.kind == UserTimer.Kind.READ) {
            closeExpired(now);
        } else if (fired.kind == UserTimer.Kind.EXPIRY) {
            // The value is the one the timer was set for: any event since would have moved the timer.
            userSessions.clear();
        } else {
            int closed = 0;
            while (closed < fired.sessions.length && engine.closeTime(fired.sessions[closed].lastEventTime) <= now) {
                rows.outcome(fired.sessions[closed++].outcome(timer.getKey()));
            }
            long historyExpiry = engine.historyExpiry(fired.historyLastEventTime);
            if (closed < fired.sessions.length) {
                userTimers.registerEventTimeTimer(fired.rest(closed), engine.closeTime(fired.sessions[closed].lastEventTime));
            } else if (historyExpiry > now) {
                userTimers.registerEventTimeTimer(UserTimer.EXPIRY, historyExpiry);
            } else {
                // A bundle without user history keeps none past the session (its TTL is the session timeout).
                userSessions.clear();
            }
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, UserTimer> timer) {}

    /**
     * Reads the user's value, closes the sessions timed out at {@code now}, and either forgets the user whose history
     * has expired with none open or sets the timer the rest needs. Sessions closed before the restore are dropped
     * first: their outcomes are out.
     */
    private void closeExpired(long now) throws Exception {
        UserSessions user = userSessions.value();
        if (user == null) {
            return;
        }
        user.dropClosed(restored.watermark(), engine);
        user.closeExpired(now, engine, rows::outcome);
        if (!user.hasOpenSessions() && (user.history.isEmpty() || engine.isHistoryExpired(user.history, now))) {
            userSessions.clear();
            return;
        }
        // The fired timer is gone; the one the value needs now is registered (a no-op if it exists already).
        user.armed = null;
        rearm(user);
        userSessions.update(user);
    }

    /** Timers of the earlier layout: one per user, at its earliest close or expiry, read the value when they fire. */
    private final class ClosesOfEarlierCheckpoints implements Triggerable<String, VoidNamespace> {
        @Override
        public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
            closeExpired(timer.getTimestamp());
        }

        @Override
        public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}
    }

    /** The watermark timers have fired up to, counting the one of the checkpoint restored from. */
    private long watermark() {
        return Math.max(userTimers.currentWatermark(), restored.watermark());
    }

    /**
     * Registers the timer the user's value needs ({@link UserSessions#timerFor}) and deletes the one registered
     * before, when they differ: once per written user, as each event moves its session's close and outcome.
     */
    private void rearm(UserSessions user) {
        long at = user.timerTime(engine);
        UserTimer next = at == UserSessions.NO_TIMER ? null : user.timerFor(engine);
        if (at == user.closeTimer && Objects.equals(next, user.armed)) {
            return;
        }
        if (user.armed != null) {
            userTimers.deleteEventTimeTimer(user.armed, user.closeTimer);
        }
        if (next != null) {
            userTimers.registerEventTimeTimer(next, at);
        }
        user.closeTimer = at;
        user.armed = next;
        user.timerInFixedWidthLayout = false;
    }

    /**
     * The user's value for applying events: the held one, or the stored one without the sessions whose outcome
     * timers have fired, and with the timer it was registered for; a new user's value has none.
     */
    private UserSessions load(String userId) throws Exception {
        UserSessions held = batch.changedUser(userId);
        if (held != null) {
            return held;
        }
        UserSessions user = userSessions.value();
        if (user == null) {
            return new UserSessions();
        }
        user.dropClosed(watermark(), engine);
        user.closeTimer = user.timerTime(engine);
        user.armed = user.closeTimer == UserSessions.NO_TIMER ? null : user.timerFor(engine);
        if (user.armed != null && user.timerInFixedWidthLayout) {
            // Registered before the compact layout: deleted in its own bytes when the value moves it.
            user.armed = user.armed.inFixedWidthLayout();
        }
        return user;
    }

    /**
     * Applies {@code due[from, to)}, all of the current key, in order, and queues them for scoring: one read of
     * the user's state (none while the batch holds it) and, unless all were duplicates, one write once scored.
     */
    private void apply(String userId, int from, int to) throws Exception {
        UserSessions user = load(userId);
        for (int i = from; i < to; i++) {
            ClickEvent event = due.get(i);
            if (batch.isFull()) {
                rows.scoreRows();
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
            if (userModels.scores(event)) {
                // Here, with the event's features at hand: the user models need no pass of their own.
                userModels.score(event, features, emit::userScore, emit::userScoringError);
            }
            if (!emit.droppedAsBot(settings.botRule(), event, session)) {
                batch.add(event, session, features, outOfOrder, models.models().armOf(userId));
            }
        }
    }

    /**
     * Writes the held users' state, after scoring the held rows: sessions carry their propensities. Each user's
     * timer is moved first ({@link #rearm}).
     */
    private void writeBack() throws Exception {
        rows.scoreRows();
        if (batch.changedUsers().isEmpty()) {
            return;
        }
        Object userBeingApplied = getCurrentKey();
        for (Map.Entry<String, UserSessions> user : batch.changedUsers().entrySet()) {
            setCurrentKey(user.getKey());
            rearm(user.getValue());
            userSessions.update(user.getValue());
        }
        batch.changedUsers().clear();
        setCurrentKey(userBeingApplied);
    }
}
