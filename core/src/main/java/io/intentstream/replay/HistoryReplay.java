package io.intentstream.replay;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventOrder;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionProcessor;
import io.intentstream.features.SessionState;
import io.intentstream.features.UserHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays event history through the same session rules and feature engine the Flink job runs.
 *
 * <p>In {@link ApplyOrder#EVENT_TIME} the events of one user are applied in {@link EventOrder} (event time, type,
 * id), as the job's event-time mode applies them whatever order they arrive in. In {@link ApplyOrder#ARRIVAL}
 * they are applied in the order given (a file's line order), as the job's arrival mode applies them in the
 * order they arrive. Events of different users are independent, so a history can be replayed in user
 * partitions ({@link EventPartitions}) without holding all of it in memory.
 */
public final class HistoryReplay {
    private final SessionProcessor processor;
    private final ApplyOrder order;
    private final float[] features = new float[FeatureSchema.SIZE];

    /** A replay in {@link ApplyOrder#EVENT_TIME}, the trainer's default. */
    public HistoryReplay(FeatureConfig config) {
        this(config, ApplyOrder.EVENT_TIME);
    }

    public HistoryReplay(FeatureConfig config, ApplyOrder order) {
        this.processor = new SessionProcessor(new SessionFeatureEngine(config));
        this.order = order;
    }

    /**
     * Replays a set of events that contains every event of each user it touches, then closes all sessions.
     *
     * @param events in any order for {@link ApplyOrder#EVENT_TIME} (sorted here by {@link EventOrder}); applied as
     *     given for {@link ApplyOrder#ARRIVAL}
     */
    public void replay(List<ClickEvent> events, ReplayListener listener) throws Exception {
        List<ClickEvent> ordered = events;
        if (order == ApplyOrder.EVENT_TIME) {
            ordered = new ArrayList<>(events);
            ordered.sort(EventOrder.COMPARATOR);
        }
        Map<String, SessionState> open = new HashMap<>();
        Map<String, UserHistory> histories = new HashMap<>();
        UserScopedStore store = new UserScopedStore(open, histories);
        for (ClickEvent e : ordered) {
            store.user = e.userId;
            SessionProcessor.Outcome outcome = processor.process(e, store, features, listener::sessionClosed);
            if (outcome == SessionProcessor.Outcome.DUPLICATE) {
                listener.duplicate(e);
                continue;
            }
            SessionState session = processor.lastSession();
            listener.applied(e, session, features);
            store.put(e.sessionId, session);
        }
        // Close in a deterministic order: by session start, then key.
        List<Map.Entry<String, SessionState>> remaining = new ArrayList<>(open.entrySet());
        remaining.sort(Comparator.<Map.Entry<String, SessionState>>comparingLong(en -> en.getValue().firstEventTime)
                .thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, SessionState> en : remaining) {
            listener.sessionClosed(en.getValue());
        }
        for (Map.Entry<String, UserHistory> en : histories.entrySet()) {
            listener.userHistory(en.getKey(), en.getValue());
        }
    }

    /**
     * The feature vector of every applied event, by event id: what the job must produce for the same
     * history (used by the parity tests).
     */
    public Map<String, float[]> featuresByEventId(Iterable<List<ClickEvent>> partitions) throws Exception {
        Map<String, float[]> features = new HashMap<>();
        ReplayListener collect = new ReplayListener() {
            @Override
            public void applied(ClickEvent event, SessionState session, float[] vector) {
                features.put(event.eventId, vector.clone());
            }

            @Override
            public void sessionClosed(SessionState session) {}
        };
        for (List<ClickEvent> partition : partitions) {
            replay(partition, collect);
        }
        return features;
    }

    /**
     * Sessions and histories are per user, as in the job (keyed by user); one flat map of sessions with a composite
     * key suffices here.
     */
    private static final class UserScopedStore implements SessionProcessor.Store {
        private final Map<String, SessionState> sessions;
        private final Map<String, UserHistory> histories;
        String user;

        UserScopedStore(Map<String, SessionState> sessions, Map<String, UserHistory> histories) {
            this.sessions = sessions;
            this.histories = histories;
        }

        @Override
        public UserHistory history() {
            return histories.computeIfAbsent(user, u -> new UserHistory());
        }

        @Override
        public void forgetHistory() {
            histories.put(user, new UserHistory());
        }

        private String key(String sessionId) {
            return user + '\u0000' + sessionId;
        }

        @Override
        public SessionState get(String sessionId) {
            return sessions.get(key(sessionId));
        }

        @Override
        public void put(String sessionId, SessionState state) {
            sessions.put(key(sessionId), state);
        }

        @Override
        public void remove(String sessionId) {
            sessions.remove(key(sessionId));
        }
    }
}
