package io.intentstream.generator;

import java.util.Arrays;

/**
 * Min-heap of active sessions by next event time, ties broken by session ordinal so the merge order
 * is fully determined by the seed.
 *
 * <p>Hand-rolled rather than {@link java.util.PriorityQueue} for two reasons: {@link #replaceTop} turns
 * the common step (emit the earliest session's event, it moves a little later) into one sift-down
 * instead of a poll and an offer, and the keys live in primitive arrays next to each other, so sifting
 * does not chase a pointer to every session it compares.
 */
final class SessionHeap {
    private Session[] heap = new Session[1024];
    private long[] time = new long[1024];
    private long[] ordinal = new long[1024];
    private int size;

    int size() {
        return size;
    }

    Session peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Session s) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            time = Arrays.copyOf(time, size * 2);
            ordinal = Arrays.copyOf(ordinal, size * 2);
        }
        long t = s.nextTime;
        long o = s.ordinal;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(t, o, time[parent], ordinal[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        place(i, s, t, o);
    }

    /** Restores order after the top session's next time moved later. */
    void replaceTop() {
        Session top = heap[0];
        siftDown(top, top.nextTime, top.ordinal);
    }

    Session poll() {
        Session top = heap[0];
        int last = --size;
        Session s = heap[last];
        long t = time[last];
        long o = ordinal[last];
        heap[last] = null;
        if (size > 0) {
            siftDown(s, t, o);
        }
        return top;
    }

    private void siftDown(Session s, long t, long o) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(time[right], ordinal[right], time[child], ordinal[child])) {
                child = right;
            }
            if (!before(time[child], ordinal[child], t, o)) {
                break;
            }
            move(child, i);
            i = child;
        }
        place(i, s, t, o);
    }

    private void move(int from, int to) {
        heap[to] = heap[from];
        time[to] = time[from];
        ordinal[to] = ordinal[from];
    }

    private void place(int i, Session s, long t, long o) {
        heap[i] = s;
        time[i] = t;
        ordinal[i] = o;
    }

    private static boolean before(long t1, long o1, long t2, long o2) {
        return t1 < t2 || (t1 == t2 && o1 < o2);
    }
}
