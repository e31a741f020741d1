package io.intentstream.trainer;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.Hashing;
import io.intentstream.features.SessionState;
import io.intentstream.replay.ReplayListener;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns a replay into training examples: every applied event before the session's first purchase is
 * an example whose label is "this session purchases later". Rows wait per session until the label is
 * known (the first purchase, or the session's end), so memory holds open sessions only.
 */
public final class ExampleCollector implements ReplayListener {
    private final ExampleSet examples;
    private final int width;
    private final Map<SessionState, Pending> pending = new IdentityHashMap<>();
    /**
     * Users with an applied event so far, by id hash: a session is "returning" when its user is here at its first
     * example. Cleared at the end of each replay partition, which holds every event of its users.
     */
    private final Set<Long> usersSeen = new HashSet<>();

    public ExampleCollector(ExampleSet examples) {
        this.examples = examples;
        this.width = examples.width();
    }

    private static final class Pending {
        final int session;
        float[] rows = new float[0];
        long[] times = new long[0];
        int count;
        boolean flushed;

        Pending(int session) {
            this.session = session;
        }
    }

    @Override
    public void applied(ClickEvent event, SessionState session, float[] features) {
        Pending p = pending.get(session);
        boolean userSeenBefore = !usersSeen.add(Hashing.hash64(event.userId));
        if (session.purchaseCount == 0) {
            if (p == null) {
                // No purchase yet and nothing pending: this is the session's first event, so the user was seen
                // before exactly when an earlier session of theirs had an event.
                p = new Pending(examples.newSession(session.firstEventTime, Hashing.hash64(session.sessionId),
                        event.deviceType, event.channel, userSeenBefore));
                pending.put(session, p);
            }
            if (p.count == p.times.length) {
                int size = Math.max(8, p.count * 2);
                p.rows = Arrays.copyOf(p.rows, size * width);
                p.times = Arrays.copyOf(p.times, size);
            }
            System.arraycopy(features, 0, p.rows, p.count * width, width);
            p.times[p.count++] = event.eventTime;
        } else if (session.purchaseCount == 1 && p != null && !p.flushed) {
            // The label is known at the first purchase; later events of the session are not examples.
            examples.endSession(p.session, event.eventTime, true);
            flush(p);
        }
    }

    /** The replay finished a partition: no later event belongs to the users seen so far. */
    public void partitionDone() {
        usersSeen.clear();
    }

    @Override
    public void sessionClosed(SessionState session) {
        Pending p = pending.remove(session);
        if (p == null) {
            return; // the session opened with a purchase: no example precedes it
        }
        examples.endSession(p.session, p.flushed ? examples.sessionEnd(p.session) : session.lastEventTime, session.converted());
        if (!p.flushed) {
            flush(p);
        }
    }

    private void flush(Pending p) {
        for (int i = 0; i < p.count; i++) {
            examples.addRow(p.session, p.times[i], p.rows, i * width, i == p.count - 1);
        }
        p.flushed = true;
        p.rows = null;
        p.times = null;
    }
}
