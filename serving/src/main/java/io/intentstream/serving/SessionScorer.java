package io.intentstream.serving;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventOrder;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionProcessor;
import io.intentstream.features.SessionState;
import io.intentstream.replay.ReplayListener;
import io.intentstream.replay.UserReplay;
import java.util.ArrayList;
import java.util.List;

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
        // The trainer's per-user replay, for one user with no history: the same steps the job takes per event.
        UserReplay user = new UserReplay(userId);
        float[] features = new float[FeatureSchema.SIZE];
        List<EventScore> scores = new ArrayList<>(ordered.size());
        List<String> duplicates = new ArrayList<>();
        ReplayListener collect = new ReplayListener() {
            @Override
            public void applied(ClickEvent event, SessionState session, float[] row) {
                scores.add(new EventScore(event, row.clone(), predict(assignment.version(), row)));
            }

            @Override
            public void duplicate(ClickEvent event) {
                duplicates.add(event.eventId);
            }

            @Override
            public void sessionClosed(SessionState session) {}
        };
        for (ClickEvent e : ordered) {
            user.apply(e, processor, features, collect);
        }
        return new SessionScore(userId, ordered.get(0).sessionId, assignment.arm(), assignment.version(), scores, duplicates);
    }

    private float predict(String version, float[] features) {
        // Scorers are not thread-safe; one scoring is a few microseconds, far below a request's cost.
        synchronized (models) {
            return models.scorer(version).predict(features);
        }
    }
}
