package io.intentstream.generator;

import java.util.Arrays;

/**
 * Min-heap of active sessions by next event time, ties broken by session ordinal so the merge order
 * is fully determined by the seed.
 *
 * <p>Hand-rolled rather than {@link java.util.PriorityQueue} for {@link #replaceTop}: the common step
 * (emit the earliest session's event, it moves a little later) becomes one sift-down instead of a
 * poll and an offer.
 */
final class SessionHeap {
    private Session[] heap = new Session[1024];
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
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Session p = heap[parent];
            if (!before(s, p)) {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = s;
    }

    /** Restores order after the top session's next time moved later. */
    void replaceTop() {
        siftDown(heap[0]);
    }

    Session poll() {
        Session top = heap[0];
        Session last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            siftDown(last);
        }
        return top;
    }

    private void siftDown(Session s) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Session c = heap[child];
            int right = child + 1;
            if (right < size && before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!before(c, s)) {
                break;
            }
            heap[i] = c;
            i = child;
        }
        heap[i] = s;
    }

    private static boolean before(Session a, Session b) {
        return a.nextTime < b.nextTime || (a.nextTime == b.nextTime && a.ordinal < b.ordinal);
    }
}
