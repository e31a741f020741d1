package io.intentstream.trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    /** Device type and channel of the session's first example event, as codes into {@link #values}. */
    private short[] sessionDevice = new short[0];
    private short[] sessionChannel = new short[0];
    /** Whether the session's user had an earlier session in the replayed history. */
    private boolean[] sessionReturning = new boolean[0];
    private int sessions;
    /** The distinct device and channel texts; code 0 is "unknown" (the event had none, as in REES46). */
    private final List<String> values = new ArrayList<>(List.of(UNKNOWN));
    private final Map<String, Short> codes = new HashMap<>();

    /** The slice value of a session whose events carry no device type or channel. */
    public static final String UNKNOWN = "unknown";

    public ExampleSet(int width) {
        this.width = width;
        this.features = new FeatureRows(width);
    }

    int newSession(long start, long key) {
        return newSession(start, key, null, null, false);
    }

    /**
     * @param device the session's device type, {@code null} when unknown
     * @param channel the session's channel, {@code null} when unknown
     * @param returning the user had an earlier session in the history
     */
    int newSession(long start, long key, String device, String channel, boolean returning) {
        if (sessions == sessionStart.length) {
            int size = Math.max(1024, sessions * 2);
            sessionStart = Arrays.copyOf(sessionStart, size);
            sessionEnd = Arrays.copyOf(sessionEnd, size);
            sessionConverted = Arrays.copyOf(sessionConverted, size);
            sessionKey = Arrays.copyOf(sessionKey, size);
            sessionDevice = Arrays.copyOf(sessionDevice, size);
            sessionChannel = Arrays.copyOf(sessionChannel, size);
            sessionReturning = Arrays.copyOf(sessionReturning, size);
        }
        sessionDevice[sessions] = code(device);
        sessionChannel[sessions] = code(channel);
        sessionReturning[sessions] = returning;
        sessionKey[sessions] = key;
        sessionStart[sessions] = start;
        sessionEnd[sessions] = start;
        return sessions++;
    }

    /** Texts are few (a handful of devices and channels); beyond Short.MAX_VALUE of them the rest share "unknown". */
    private short code(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        Short code = codes.get(value);
        if (code == null) {
            if (values.size() > Short.MAX_VALUE) {
                return 0;
            }
            code = (short) values.size();
            values.add(value);
            codes.put(value, code);
        }
        return code;
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

    /** The device type of the session's first example event, or {@link #UNKNOWN}. */
    public String sessionDevice(int session) {
        return values.get(sessionDevice[session]);
    }

    /** The channel of the session's first example event, or {@link #UNKNOWN}. */
    public String sessionChannel(int session) {
        return values.get(sessionChannel[session]);
    }

    /** Whether the session's user had an earlier session in the replayed history (not before it: see docs/training.md). */
    public boolean sessionReturning(int session) {
        return sessionReturning[session];
    }

    @Override
    public void close() {
        features.close();
    }
}
