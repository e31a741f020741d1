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
import io.intentstream.job.records.UserSessions;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.PropensityScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps each user's sessions, applies events in event-time order, scores every applied event and
 * closes sessions after the inactivity timeout.
 *
 * <p>Keyed by user id (sessions live inside, so per-user history can be added next to them). Events
 * wait in {@code pending} until the watermark passes their time, then are applied in {@link EventOrder}
 * (time, type, id): the order the trainer's replay uses, so features match it exactly however events
 * arrive within the allowed lateness. Events at or behind the watermark on arrival are late.
 *
 * <p>Timers: one per distinct pending event time, and one close timer per user at the earliest
 * possible close of its sessions. Events of a user are applied in time order, so the session just
 * touched always closes last; the close timer only moves when it fires. Once all of a user's sessions
 * have closed and nothing is pending, the user has no state and no timers left.
 */
public class SessionScoringFunction extends KeyedProcessFunction<String, ClickEvent, ScoreRecord> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<SessionOutcome> OUTCOMES = new OutputTag<>("session-outcomes") {};
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("scoring-dead-letters") {};

    private final ModelBundle bundle;
    private final ScorerFactory scorerFactory;
    private final BotRule botRule;
    private final int maxDeadLetterRawChars;

    private transient MapState<Long, List<ClickEvent>> pending;
    private transient MapState<String, SessionState> sessions;
    private transient ValueState<UserSessions> userSessions;

    private transient SessionProcessor processor;
    private transient SessionFeatureEngine engine;
    private transient PropensityScorer scorer;
    private transient String modelVersion;
    private transient float[] features;
    private transient MapStateStore store;

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

    public SessionScoringFunction(ModelBundle bundle, ScorerFactory scorerFactory, BotRule botRule, int maxDeadLetterRawChars) {
        this.bundle = bundle;
        this.scorerFactory = scorerFactory;
        this.botRule = botRule;
        this.maxDeadLetterRawChars = maxDeadLetterRawChars;
    }

    /** State descriptors, shared with tests that inspect state. */
    public static MapStateDescriptor<Long, List<ClickEvent>> pendingDescriptor() {
        return new MapStateDescriptor<>("pending-events", Types.LONG, Types.LIST(TypeInformation.of(ClickEvent.class)));
    }

    public static MapStateDescriptor<String, SessionState> sessionsDescriptor() {
        return new MapStateDescriptor<>("open-sessions", Types.STRING, TypeInformation.of(SessionState.class));
    }

    public static ValueStateDescriptor<UserSessions> userSessionsDescriptor() {
        return new ValueStateDescriptor<>("user-sessions", TypeInformation.of(UserSessions.class));
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(pendingDescriptor());
        sessions = getRuntimeContext().getMapState(sessionsDescriptor());
        userSessions = getRuntimeContext().getState(userSessionsDescriptor());
        engine = new SessionFeatureEngine(bundle.metadata().featureConfig.toConfig());
        processor = new SessionProcessor(engine);
        scorer = scorerFactory.create(bundle);
        modelVersion = bundle.metadata().modelVersion;
        features = new float[FeatureSchema.SIZE];
        store = new MapStateStore();
        scored = JobCounters.register(getRuntimeContext(), "events_scored");
        duplicates = JobCounters.register(getRuntimeContext(), "events_duplicate");
        late = JobCounters.register(getRuntimeContext(), "events_late");
        scoringErrors = JobCounters.register(getRuntimeContext(), "events_scoring_error");
        botEvents = JobCounters.register(getRuntimeContext(), "events_bot_session");
        sessionsJudgedBot = JobCounters.register(getRuntimeContext(), "sessions_judged_bot");
        sessionsOpened = JobCounters.register(getRuntimeContext(), "sessions_opened");
        sessionsClosed = JobCounters.register(getRuntimeContext(), "sessions_closed");
        sessionsConverted = JobCounters.register(getRuntimeContext(), "sessions_converted");
    }

    @Override
    public void close() throws Exception {
        if (scorer != null) {
            scorer.close();
        }
    }

    @Override
    public void processElement(ClickEvent event, Context ctx, Collector<ScoreRecord> out) throws Exception {
        if (event.eventTime <= ctx.timerService().currentWatermark()) {
            late.inc();
            ctx.output(DEAD_LETTERS, DeadLetter.of(JsonEventWriter.toJson(event), maxDeadLetterRawChars,
                    RejectReason.LATE.code(), "event time " + event.eventTime + " is at or behind the watermark "
                            + ctx.timerService().currentWatermark(), event.origin, System.currentTimeMillis()));
            return;
        }
        List<ClickEvent> atSameTime = pending.get(event.eventTime);
        if (atSameTime == null) {
            atSameTime = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(event.eventTime);
        }
        atSameTime.add(event);
        pending.put(event.eventTime, atSameTime);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoreRecord> out) throws Exception {
        UserSessions user = userSessions.value();
        boolean changed = false;
        if (user == null) {
            user = new UserSessions();
        }
        List<ClickEvent> due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
            if (due.size() > 1) {
                due.sort(EventOrder.COMPARATOR);
            }
            for (ClickEvent event : due) {
                changed |= apply(event, user, ctx, out);
            }
        }
        if (user.closeTimer != UserSessions.NO_TIMER && user.closeTimer <= timestamp) {
            closeExpiredSessions(timestamp, user, ctx);
            changed = true;
        }
        if (changed) {
            if (user.isEmpty()) {
                userSessions.clear();
            } else {
                userSessions.update(user);
            }
        }
    }

    /** Applies and scores one event; returns whether the user's session index changed. */
    private boolean apply(ClickEvent event, UserSessions user, Context ctx, Collector<ScoreRecord> out) throws Exception {
        SessionProcessor.Outcome outcome = processor.process(event, store, features, expired -> emitOutcome(expired, ctx));
        if (outcome == SessionProcessor.Outcome.DUPLICATE) {
            duplicates.inc();
            return false;
        }
        SessionState session = processor.lastSession();
        boolean changed = false;
        if (session.eventCount == 1) {
            sessionsOpened.inc();
            changed = user.add(event.sessionId);
        }
        if (user.closeTimer == UserSessions.NO_TIMER) {
            // The session just touched closes last among this user's sessions, so an existing timer is early enough.
            user.closeTimer = engine.closeTime(session);
            ctx.timerService().registerEventTimeTimer(user.closeTimer);
            changed = true;
        }
        String botReason = botRule.enabled() ? botRule.judge(session) : null;
        if (botReason != null && !session.judgedBot) {
            session.judgedBot = true;
            sessionsJudgedBot.inc();
        }
        if (session.judgedBot) {
            botEvents.inc();
            // The reason is recomputed rather than kept in state; a rate trigger may no longer hold.
            ctx.output(DEAD_LETTERS, DeadLetter.of(JsonEventWriter.toJson(event), maxDeadLetterRawChars,
                    RejectReason.BOT_SESSION.code(), botReason != null ? botReason : "session was judged a bot earlier",
                    event.origin, System.currentTimeMillis()));
            sessions.put(event.sessionId, session);
            return changed;
        }
        float propensity;
        try {
            propensity = scorer.predict(features);
        } catch (RuntimeException e) {
            scoringErrors.inc();
            ctx.output(DEAD_LETTERS, DeadLetter.of(JsonEventWriter.toJson(event), maxDeadLetterRawChars,
                    RejectReason.SCORING_ERROR.code(), String.valueOf(e.getMessage()), event.origin, System.currentTimeMillis()));
            sessions.put(event.sessionId, session);
            return changed;
        }
        session.lastPropensity = propensity;
        if (session.purchaseCount == 0) {
            session.lastPropensityBeforePurchase = propensity;
        }
        sessions.put(event.sessionId, session);

        ScoreRecord score = new ScoreRecord();
        score.eventId = event.eventId;
        score.sessionId = event.sessionId;
        score.userId = event.userId;
        score.eventType = event.eventType.wireName();
        score.eventTime = event.eventTime;
        score.scoredAt = System.currentTimeMillis();
        score.modelVersion = modelVersion;
        score.propensity = propensity;
        score.features = Arrays.copyOf(features, features.length);
        scored.inc();
        out.collect(score);
        return changed;
    }

    /** Closes the sessions that have timed out by point lookups of the indexed ids, and re-arms the timer. */
    private void closeExpiredSessions(long timestamp, UserSessions user, Context ctx) throws Exception {
        long nextClose = Long.MAX_VALUE;
        List<String> stillOpen = new ArrayList<>(user.openSessionIds.length);
        for (String id : user.openSessionIds) {
            SessionState s = sessions.get(id);
            if (s == null) {
                continue;
            }
            long closeAt = engine.closeTime(s);
            if (closeAt <= timestamp) {
                emitOutcome(s, ctx);
                sessions.remove(id);
            } else {
                stillOpen.add(id);
                nextClose = Math.min(nextClose, closeAt);
            }
        }
        user.openSessionIds = stillOpen.toArray(new String[0]);
        if (nextClose == Long.MAX_VALUE) {
            user.closeTimer = UserSessions.NO_TIMER;
        } else {
            user.closeTimer = nextClose;
            ctx.timerService().registerEventTimeTimer(nextClose);
        }
    }

    private void emitOutcome(SessionState s, Context ctx) {
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
        ctx.output(OUTCOMES, o);
    }

    /** The processor's view of this user's open sessions. */
    private final class MapStateStore implements SessionProcessor.Store {
        @Override
        public SessionState get(String sessionId) throws Exception {
            return sessions.get(sessionId);
        }

        @Override
        public void put(String sessionId, SessionState state) throws Exception {
            sessions.put(sessionId, state);
        }

        @Override
        public void remove(String sessionId) throws Exception {
            sessions.remove(sessionId);
        }
    }
}
