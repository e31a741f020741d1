package io.intentstream.serving;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventOrder;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionProcessor;
import io.intentstream.features.SessionState;
import io.intentstream.features.UserHistory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores one session's events statelessly with the job's session rules, feature engine and scorer: the events are
 * applied in {@link EventOrder} to a user with no history (the service keeps none), exactly as the job applies a
 * new user's first session, and each applied event is scored.
 */
final class SessionScorer {
    private final ActiveModels models;

    SessionScorer(ActiveModels models) {
        this.models = models;
    }

    /** One applied event's features (FeatureSchema order, NaN = missing) and propensity. */
    record EventScore(ClickEvent event, float[] features, float propensity) {}

    /** A scored session: its events' scores in event order, and the ids of duplicates the job would drop too. */
    record SessionScore(String userId, String sessionId, String arm, String modelVersion, List<EventScore> events,
            List<String> duplicates) {}

    /** @param events one session of one user, valid (checked by {@link PredictRequests}) */
    SessionScore score(List<ClickEvent> events) throws Exception {
        List<ClickEvent> ordered = new ArrayList<>(events);
        ordered.sort(EventOrder.COMPARATOR);
        String userId = ordered.get(0).userId;
        ActiveModels.Assignment assignment = models.assign(userId);
        // New per request: the engine and processor are cheap and hold per-session buffers.
        SessionProcessor processor = new SessionProcessor(new SessionFeatureEngine(models.featureConfig()));
        OneUser store = new OneUser();
        List<EventScore> scores = new ArrayList<>(ordered.size());
        List<String> duplicates = new ArrayList<>();
        for (ClickEvent e : ordered) {
            float[] features = new float[FeatureSchema.SIZE];
            if (processor.process(e, store, features, closed -> { }) == SessionProcessor.Outcome.DUPLICATE) {
                duplicates.add(e.eventId);
                continue;
            }
            store.put(e.sessionId, processor.lastSession());
            scores.add(new EventScore(e, features, predict(assignment.version(), features)));
        }
        return new SessionScore(userId, ordered.get(0).sessionId, assignment.arm(), assignment.version(), scores, duplicates);
    }

    private float predict(String version, float[] features) {
        // Scorers are not thread-safe; one scoring is a few microseconds, far below a request's cost.
        synchronized (models) {
            return models.scorer(version).predict(features);
        }
    }

    /** The sessions and history of the one user of a request. */
    private static final class OneUser implements SessionProcessor.Store {
        private UserHistory history = new UserHistory();
        private final Map<String, SessionState> sessions = new HashMap<>();

        @Override
        public UserHistory history() {
            return history;
        }

        @Override
        public void forgetHistory() {
            history = new UserHistory();
        }

        @Override
        public SessionState get(String sessionId) {
            return sessions.get(sessionId);
        }

        @Override
        public void put(String sessionId, SessionState state) {
            sessions.put(sessionId, state);
        }

        @Override
        public void remove(String sessionId) {
            sessions.remove(sessionId);
        }
    }
}
