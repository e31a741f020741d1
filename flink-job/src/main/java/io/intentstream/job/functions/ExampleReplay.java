package io.intentstream.job.functions;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventOrder;
import io.intentstream.events.EventType;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionProcessor;
import io.intentstream.features.SessionState;
import io.intentstream.job.records.ExampleRecord;
import io.intentstream.replay.ReplayListener;
import io.intentstream.replay.SessionExamples;
import io.intentstream.replay.UserReplay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The backfill's replay, keyed by user: applies each user's events through the trainer's replay ({@link UserReplay},
 * {@link SessionExamples}) and emits the user's examples, without side.
 *
 * <p>Runs in BATCH execution only. There Flink feeds a keyed operator its input sorted by key and then by timestamp,
 * one key after the other, and fires a key's timers when its input ends. So the user being replayed lives in plain
 * fields, as the batch state backend itself keeps only the current key's state, and a timer at the end of time
 * finishes the user. The timestamps are the apply order's rank ({@code BackfillPipeline}): in event-time order only
 * events of one user with the same time can come in the wrong order, so they wait in a small buffer and are applied
 * in {@link EventOrder}; in arrival order the rank is unique. Memory per user: the buffer, the open sessions and
 * their pending examples, however long the user's history.
 */
public class ExampleReplay extends KeyedProcessFunction<String, ClickEvent, ExampleRecord> {
    private static final long serialVersionUID = 1L;

    private final FeatureConfig config;
    private final ApplyOrder order;

    private transient SessionProcessor processor;
    private transient float[] features;
    private transient SessionExamples examples;
    private transient EmittingSink sink;
    private transient ReplayListener listener;
    private transient UserReplay user;
    /** Events of the current user with the same timestamp, not yet applied (event-time order). */
    private transient List<ClickEvent> tied;
    private transient long tiedTime;
    private transient JobCounters.Counts counts;

    public ExampleReplay(FeatureConfig config, ApplyOrder order) {
        this.config = config;
        this.order = order;
    }

    @Override
    public void open(OpenContext openContext) {
        processor = new SessionProcessor(new SessionFeatureEngine(config));
        features = new float[FeatureSchema.SIZE];
        sink = new EmittingSink();
        examples = new SessionExamples(FeatureSchema.SIZE, sink);
        tied = new ArrayList<>();
        counts = JobCounters.registerAll(getRuntimeContext(), JobMetric.EVENTS_DUPLICATE, JobMetric.SESSIONS_OPENED,
                JobMetric.EXAMPLES, JobMetric.EXAMPLE_SESSIONS);
        listener = new ReplayListener() {
            @Override
            public void applied(ClickEvent event, SessionState session, float[] vector) {
                if (session.eventCount == 1) {
                    counts.inc(JobMetric.SESSIONS_OPENED);
                }
                examples.applied(event, session, vector);
            }

            @Override
            public void duplicate(ClickEvent event) {
                counts.inc(JobMetric.EVENTS_DUPLICATE);
            }

            @Override
            public void sessionClosed(SessionState session) {
                examples.sessionClosed(session);
            }

            @Override
            public void sessionTimedOut(SessionState session, ClickEvent by) {
                examples.sessionTimedOut(session, by);
            }
        };
    }

    @Override
    public void processElement(ClickEvent e, Context ctx, Collector<ExampleRecord> out) throws Exception {
        sink.out = out;
        if (user == null) {
            user = new UserReplay(ctx.getCurrentKey());
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        } else if (!user.userId().equals(ctx.getCurrentKey())) {
            throw new IllegalStateException("user " + ctx.getCurrentKey() + " came before user " + user.userId()
                    + " ended: the backfill runs in BATCH execution mode only, where input is grouped by user");
        }
        if (order == ApplyOrder.ARRIVAL) {
            user.apply(e, processor, features, listener);
            return;
        }
        long time = ctx.timestamp();
        if (!tied.isEmpty() && time != tiedTime) {
            if (time < tiedTime) {
                throw new IllegalStateException("events of user " + user.userId() + " came out of time order: the "
                        + "backfill runs in BATCH execution mode only, where input is sorted by key and time");
            }
            applyTied();
        }
        tied.add(e);
        tiedTime = time;
    }

    /** The user's input ended (BATCH mode fires a key's timers then): the rest of its events, then its sessions close. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ExampleRecord> out) throws Exception {
        sink.out = out;
        applyTied();
        user.finish(listener);
        examples.usersDone();
        if (examples.pendingSessions() != 0) {
            throw new IllegalStateException("user " + user.userId() + " ended with unsettled examples");
        }
        user = null;
    }

    private void applyTied() throws Exception {
        if (tied.size() > 1) {
            tied.sort(EventOrder.COMPARATOR);
        }
        for (ClickEvent e : tied) {
            user.apply(e, processor, features, listener);
        }
        tied.clear();
    }

    /** Turns the settled sessions of the current user into records; sessions are forgotten after their last row. */
    private final class EmittingSink implements SessionExamples.Sink {
        Collector<ExampleRecord> out;
        private Session[] sessions = new Session[4];
        private int next;

        @Override
        public int session(ClickEvent first, SessionState session, boolean returning) {
            counts.inc(JobMetric.EXAMPLE_SESSIONS);
            int handle = free();
            Session s = new Session();
            s.sessionId = session.sessionId;
            s.userId = session.userId;
            s.start = session.firstEventTime;
            s.deviceType = first.deviceType;
            s.channel = first.channel;
            s.returning = returning;
            sessions[handle] = s;
            return handle;
        }

        /** A free slot: as many as the user has sessions with unsettled examples at once. */
        private int free() {
            for (int i = 0; i < next; i++) {
                if (sessions[i] == null) {
                    return i;
                }
            }
            if (next == sessions.length) {
                sessions = Arrays.copyOf(sessions, next * 2);
            }
            return next++;
        }

        @Override
        public void label(int session, long end, boolean converted, ClickEvent settledBy) {
            Session s = sessions[session];
            s.end = end;
            s.converted = converted;
            if (settledBy != null) {
                s.settledTime = settledBy.eventTime;
                s.settledType = settledBy.eventType.wireName();
                s.settledEventId = settledBy.eventId;
            }
        }

        @Override
        public void row(int session, String eventId, long eventTime, float[] rows, int offset, boolean last) {
            Session s = sessions[session];
            ExampleRecord r = new ExampleRecord();
            r.eventId = eventId;
            r.userId = s.userId;
            r.sessionId = s.sessionId;
            r.eventTime = eventTime;
            r.sessionStart = s.start;
            r.sessionEnd = s.end;
            r.rowIndex = s.rows++;
            r.label = s.converted;
            r.lastOfSession = last;
            r.returningUser = s.returning;
            r.deviceType = s.deviceType;
            r.channel = s.channel;
            r.features = Arrays.copyOfRange(rows, offset, offset + FeatureSchema.SIZE);
            r.eventType = typeOf(r.features);
            r.settledTime = s.settledTime;
            r.settledType = s.settledType;
            r.settledEventId = s.settledEventId;
            counts.inc(JobMetric.EXAMPLES);
            out.collect(r);
            if (last) {
                sessions[session] = null;
            }
        }
    }

    private static final class Session {
        String sessionId;
        String userId;
        long start;
        long end;
        boolean converted;
        String deviceType;
        String channel;
        boolean returning;
        int rows;
        long settledTime = ExampleRecord.NO_TIME;
        String settledType;
        String settledEventId;
    }

    /** An example's event type, from the engine's one-hot type features (an example is never a purchase). */
    private static String typeOf(float[] features) {
        if (features[FeatureSchema.IS_VIEW] == 1f) {
            return EventType.VIEW.wireName();
        }
        if (features[FeatureSchema.IS_CART] == 1f) {
            return EventType.CART.wireName();
        }
        return features[FeatureSchema.IS_REMOVE_FROM_CART] == 1f ? EventType.REMOVE_FROM_CART.wireName()
                : EventType.PURCHASE.wireName();
    }
}
