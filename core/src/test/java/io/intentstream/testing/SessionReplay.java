package io.intentstream.testing;

import io.intentstream.events.ClickEvent;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionState;
import io.intentstream.features.UserHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds events, in the given order, into one session of a {@link SessionFeatureEngine} and keeps the feature
 * vector written at every step, so a scenario test can ask "what was cart_count at the third event?".
 *
 * <p>Applies every event (no duplicate or timeout rules: those belong to {@code SessionProcessor}).
 */
public final class SessionReplay {
    /** What a feature reads if the engine did not write it. */
    public static final float UNWRITTEN = -1.0e30f;

    private final SessionFeatureEngine engine;
    private final List<float[]> vectors = new ArrayList<>();
    private SessionState state;
    /** The user's history: that of this one session's user, who has no other session. */
    private final UserHistory history = new UserHistory();

    public SessionReplay(SessionFeatureEngine engine) {
        this.engine = engine;
    }

    /** Replays the events with a fresh engine using {@code config}. */
    public static SessionReplay replay(FeatureConfig config, List<ClickEvent> events) {
        SessionReplay r = new SessionReplay(new SessionFeatureEngine(config));
        events.forEach(r::apply);
        return r;
    }

    public static SessionReplay replay(FeatureConfig config, ClickEvent... events) {
        return replay(config, Arrays.asList(events));
    }

    /** Replays the events in UTC with the default caps. */
    public static SessionReplay replay(ClickEvent... events) {
        return replay(FeatureConfig.defaults(), events);
    }

    public static SessionReplay replay(List<ClickEvent> events) {
        return replay(FeatureConfig.defaults(), events);
    }

    /** Applies one more event and returns its feature vector. */
    public float[] apply(ClickEvent e) {
        if (state == null) {
            state = engine.newSession(history, e);
        }
        // Pre-filled with a sentinel no feature can take, so a feature the engine forgets to write
        // can pass neither as 0 nor as a missing value (NaN).
        float[] out = new float[FeatureSchema.SIZE];
        Arrays.fill(out, UNWRITTEN);
        engine.apply(history, state, e, out);
        vectors.add(out);
        return out;
    }

    /** The feature vector written at event {@code k} (0-based). */
    public float[] at(int k) {
        return vectors.get(k);
    }

    /** One feature at event {@code k} (0-based), by its {@link FeatureSchema} index. */
    public float feature(int k, int index) {
        return vectors.get(k)[index];
    }

    /** One feature at event {@code k} (0-based), by its {@link FeatureSchema} name. */
    public float feature(int k, String name) {
        int index = FeatureSchema.names().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no feature named " + name);
        }
        return vectors.get(k)[index];
    }

    /** The feature at the latest event. */
    public float last(int index) {
        return vectors.get(vectors.size() - 1)[index];
    }

    public List<float[]> vectors() {
        return vectors;
    }

    public int size() {
        return vectors.size();
    }

    public SessionState state() {
        return state;
    }

    public SessionFeatureEngine engine() {
        return engine;
    }
}
