package io.intentstream.replay;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.Hashing;
import io.intentstream.features.SessionState;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns a replay into training examples, for the trainer and the backfill job alike: every applied event before the
 * session's first purchase is an example whose label is "this session purchases later". Rows wait per session until
 * the label is known (the first purchase, or the session's end), so memory holds the open sessions' rows only.
 *
 * <p>The {@link Sink} hears, in replay order, of a session when its first example event is applied, and of its label
 * and then its rows once the label is settled.
 */
public final class SessionExamples implements ReplayListener {
    /** Where examples go: the trainer's example set, or the backfill job's output. */
    public interface Sink {
        /**
         * A session's first example event was applied.
         *
         * @param returning the session's user had an applied event before (an earlier session) in the replayed history
         * @return a handle that the session's later calls pass back
         */
        int session(ClickEvent first, SessionState session, boolean returning);

        /**
         * The session's label is settled: it ends at {@code end} (its first purchase, or its last event).
         *
         * @param settledBy the event at which the replay settled it: the first purchase, or the later event of the
         *     same id that timed the session out; {@code null} when the history's end closed it. With the close order
         *     at the end, this places the session's rows in the replay's order of rows (the trainer's row order).
         */
        void label(int session, long end, boolean converted, ClickEvent settledBy);

        /**
         * One example of a settled session, in the order its events were applied.
         *
         * @param features the row's features are {@code features[offset .. offset + width)}
         * @param last the session's last example (its session-level example)
         */
        void row(int session, String eventId, long eventTime, float[] features, int offset, boolean last);
    }

    private final Sink sink;
    private final int width;
    private final Map<SessionState, Pending> pending = new IdentityHashMap<>();
    /**
     * Users with an applied event so far, by id hash: a session is "returning" when its user is here at its first
     * example. Cleared by {@link #usersDone}, once no later event belongs to the users seen.
     */
    private final Set<Long> usersSeen = new HashSet<>();

    /** @param width features per row: the first {@code width} of the engine's vector */
    public SessionExamples(int width, Sink sink) {
        this.width = width;
        this.sink = sink;
    }

    private static final class Pending {
        final int session;
        float[] rows = new float[0];
        long[] times = new long[0];
        String[] eventIds = new String[0];
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
                p = new Pending(sink.session(event, session, userSeenBefore));
                pending.put(session, p);
            }
            if (p.count == p.times.length) {
                int size = Math.max(8, p.count * 2);
                p.rows = Arrays.copyOf(p.rows, size * width);
                p.times = Arrays.copyOf(p.times, size);
                p.eventIds = Arrays.copyOf(p.eventIds, size);
            }
            System.arraycopy(features, 0, p.rows, p.count * width, width);
            p.eventIds[p.count] = event.eventId;
            p.times[p.count++] = event.eventTime;
        } else if (session.purchaseCount == 1 && p != null && !p.flushed) {
            // The label is known at the first purchase; later events of the session are not examples.
            sink.label(p.session, event.eventTime, true, event);
            flush(p);
        }
    }

    /** No later event belongs to the users seen so far (the end of a replay partition, or of one user). */
    public void usersDone() {
        usersSeen.clear();
    }

    @Override
    public void sessionClosed(SessionState session) {
        close(session, null);
    }

    @Override
    public void sessionTimedOut(SessionState session, ClickEvent by) {
        close(session, by);
    }

    private void close(SessionState session, ClickEvent by) {
        Pending p = pending.remove(session);
        if (p == null || p.flushed) {
            return; // opened with a purchase (no example precedes it), or settled at its first purchase
        }
        sink.label(p.session, session.lastEventTime, session.converted(), by);
        flush(p);
    }

    /** Sessions with examples not yet settled (for tests: none once every session is closed). */
    public int pendingSessions() {
        return pending.size();
    }

    private void flush(Pending p) {
        for (int i = 0; i < p.count; i++) {
            sink.row(p.session, p.eventIds[i], p.times[i], p.rows, i * width, i == p.count - 1);
        }
        p.flushed = true;
        p.rows = null;
        p.times = null;
        p.eventIds = null;
    }
}
