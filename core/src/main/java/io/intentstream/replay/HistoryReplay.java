package io.intentstream.replay;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventOrder;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionProcessor;
import io.intentstream.features.SessionState;
import java.util.ArrayList;
import java.util.Arrays;
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
        Map<String, UserReplay> users = new HashMap<>();
        for (ClickEvent e : ordered) {
            UserReplay user = users.get(e.userId);
            if (user == null) {
                user = new UserReplay(e.userId);
                users.put(e.userId, user);
            }
            user.apply(e, processor, features, listener);
        }
        // Close in a deterministic order across the partition's users: by session start, then user and session id.
        List<SessionState> remaining = new ArrayList<>();
        for (UserReplay user : users.values()) {
            remaining.addAll(Arrays.asList(user.openSessions()));
        }
        remaining.sort(Comparator.<SessionState>comparingLong(s -> s.firstEventTime)
                .thenComparing(s -> s.userId + '\u0000' + s.sessionId));
        for (SessionState s : remaining) {
            listener.sessionClosed(s);
        }
        for (UserReplay user : users.values()) {
            listener.userHistory(user.userId(), user.history());
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
}
