package io.intentstream.trainer;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import io.intentstream.events.Hashing;
import io.intentstream.features.SessionState;
import io.intentstream.replay.ReplayListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The examples of the user-level targets: one per applied purchase event, with the feature vector the job computes
 * at that event (from the same replay), and for each the time of the user's next purchase in a later session, the
 * thing both user-level targets are about. Several purchase events of one session (an order of several products)
 * are each an example, but none is the "next purchase" of another: a repeat purchase is one in a later session.
 */
public final class PurchaseExamples implements ReplayListener {
    /** No later purchase in the history. */
    public static final long NONE = Long.MAX_VALUE;

    private final int width;
    private float[] rows = new float[0];
    private long[] times = new long[0];
    private long[] users = new long[0];
    private long[] sessions = new long[0];
    private double[] meanGapSoFarDays = new double[0];
    private final List<String> eventIds = new ArrayList<>();
    private int count;
    private long[] next;
    /** Per user: the first purchase time of each earlier purchase session, for the "mean gap so far" baseline. */
    private final Map<Long, PurchaseSessions> history = new HashMap<>();

    private static final class PurchaseSessions {
        long lastSession;
        long first;
        long last;
        long previousLast;
        int sessions;
    }

    public PurchaseExamples(int width) {
        this.width = width;
    }

    @Override
    public void applied(ClickEvent event, SessionState session, float[] features) {
        if (event.eventType != EventType.PURCHASE) {
            return;
        }
        if (count == times.length) {
            int size = Math.max(1024, count * 2);
            rows = Arrays.copyOf(rows, size * width);
            times = Arrays.copyOf(times, size);
            users = Arrays.copyOf(users, size);
            sessions = Arrays.copyOf(sessions, size);
            meanGapSoFarDays = Arrays.copyOf(meanGapSoFarDays, size);
        }
        long user = Hashing.hash64(event.userId);
        long sessionKey = Hashing.hash64(event.sessionId);
        System.arraycopy(features, 0, rows, count * width, width);
        times[count] = event.eventTime;
        users[count] = user;
        sessions[count] = sessionKey;
        PurchaseSessions h = history.computeIfAbsent(user, u -> new PurchaseSessions());
        boolean newSession = h.sessions == 0 || h.lastSession != sessionKey;
        // The baseline sees the purchase sessions before this one only, as the features do.
        int before = newSession ? h.sessions : h.sessions - 1;
        long lastBefore = newSession ? h.last : h.previousLast;
        meanGapSoFarDays[count] = before >= 2 ? (lastBefore - h.first) / (double) (before - 1) / UserTargetSplit.DAY_MS : Double.NaN;
        if (newSession) {
            h.previousLast = h.last;
            h.first = h.sessions == 0 ? event.eventTime : h.first;
            h.last = event.eventTime;
            h.lastSession = sessionKey;
            h.sessions++;
        }
        eventIds.add(event.eventId);
        count++;
        next = null;
    }

    @Override
    public void sessionClosed(SessionState session) {}

    public int size() {
        return count;
    }

    public int width() {
        return width;
    }

    /** The hash of purchase {@code i}'s user: calibration folds keep a user's purchases together. */
    long userKey(int i) {
        return users[i];
    }

    public long time(int i) {
        return times[i];
    }

    public String eventId(int i) {
        return eventIds.get(i);
    }

    /** Copies example {@code i}'s features into {@code out} at {@code offset}. */
    public void copyRow(int i, float[] out, int offset) {
        System.arraycopy(rows, i * width, out, offset, width);
    }

    public float[] row(int i) {
        return Arrays.copyOfRange(rows, i * width, (i + 1) * width);
    }

    /**
     * Mean days between the user's earlier purchase sessions (first purchase of each), as known at the example;
     * NaN when fewer than two came before.
     */
    public double meanGapSoFarDays(int i) {
        return meanGapSoFarDays[i];
    }

    /** Time of the user's first purchase in a later session after example {@code i}, or {@link #NONE}. */
    public long nextPurchase(int i) {
        if (next == null) {
            next = nextPurchases();
        }
        return next[i];
    }

    private long[] nextPurchases() {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> users[a] != users[b] ? Long.compare(users[a], users[b]) : Long.compare(times[a], times[b]));
        long[] out = new long[count];
        // Walking each user's purchases from the latest back: the next purchase of another session is the first
        // purchase of the closest later session.
        int i = count - 1;
        while (i >= 0) {
            int end = i;
            long user = users[order[i]];
            long nextSessionFirst = NONE;
            long laterSession = 0;
            long laterSessionFirst = NONE;
            boolean hasLater = false;
            while (i >= 0 && users[order[i]] == user) {
                int e = order[i];
                if (!hasLater || sessions[e] != laterSession) {
                    // A new (earlier) session: the one seen last becomes the next session of those before it.
                    if (hasLater) {
                        nextSessionFirst = laterSessionFirst;
                    }
                    laterSession = sessions[e];
                    hasLater = true;
                }
                laterSessionFirst = times[e];
                out[e] = nextSessionFirst;
                i--;
            }
            assert end >= i;
        }
        return out;
    }
}
