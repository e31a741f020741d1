package io.intentstream.trainer;

import java.util.Arrays;

/**
 * Training examples in columns: one row per event before its session's first purchase, with the
 * session's label and a table of the sessions the rows belong to. Feature rows live in a memory-mapped
 * file ({@link FeatureRows}), so the set can outgrow the heap.
 */
public final class ExampleSet implements AutoCloseable {
    private final int width;
    private final FeatureRows features;
    private long[] eventTimes = new long[0];
    private int[] sessionOf = new int[0];
    private boolean[] lastOfSession = new boolean[0];
    private int rows;

    private long[] sessionStart = new long[0];
    private long[] sessionEnd = new long[0];
    private boolean[] sessionConverted = new boolean[0];
    /** 64-bit hash of each session's id, to join with ground truth without keeping the strings. */
    private long[] sessionKey = new long[0];
    private int sessions;

    public ExampleSet(int width) {
        this.width = width;
        this.features = new FeatureRows(width);
    }

    int newSession(long start, long key) {
        if (sessions == sessionStart.length) {
            int size = Math.max(1024, sessions * 2);
            sessionStart = Arrays.copyOf(sessionStart, size);
            sessionEnd = Arrays.copyOf(sessionEnd, size);
            sessionConverted = Arrays.copyOf(sessionConverted, size);
            sessionKey = Arrays.copyOf(sessionKey, size);
        }
        sessionKey[sessions] = key;
        sessionStart[sessions] = start;
        sessionEnd[sessions] = start;
        return sessions++;
    }

    void endSession(int session, long end, boolean converted) {
        sessionEnd[session] = end;
        sessionConverted[session] = converted;
    }

    void addRow(int session, long eventTime, float[] rowFeatures, int offset, boolean last) {
        if (rows == eventTimes.length) {
            int size = Math.max(4096, rows * 2);
            eventTimes = Arrays.copyOf(eventTimes, size);
            sessionOf = Arrays.copyOf(sessionOf, size);
            lastOfSession = Arrays.copyOf(lastOfSession, size);
        }
        features.append(rowFeatures, offset);
        eventTimes[rows] = eventTime;
        sessionOf[rows] = session;
        lastOfSession[rows] = last;
        rows++;
    }

    public int width() {
        return width;
    }

    public int rows() {
        return rows;
    }

    public int sessions() {
        return sessions;
    }

    public float feature(int row, int column) {
        return features.get(row, column);
    }

    /** Copies one row's features into {@code out} at {@code offset}. */
    public void copyRow(int row, float[] out, int offset) {
        features.copy(row, out, offset);
    }

    public long eventTime(int row) {
        return eventTimes[row];
    }

    public int sessionOf(int row) {
        return sessionOf[row];
    }

    /** The label: the row's session goes on to purchase. */
    public boolean label(int row) {
        return sessionConverted[sessionOf[row]];
    }

    /** The session's last row before its first purchase (or its last row): the session-level example. */
    public boolean isLastOfSession(int row) {
        return lastOfSession[row];
    }

    public long sessionStart(int session) {
        return sessionStart[session];
    }

    public long sessionEnd(int session) {
        return sessionEnd[session];
    }

    /** {@code Hashing.hash64(session_id)}. */
    public long sessionKey(int session) {
        return sessionKey[session];
    }

    public boolean sessionConverted(int session) {
        return sessionConverted[session];
    }

    @Override
    public void close() {
        features.close();
    }
}
