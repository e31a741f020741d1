package io.intentstream.job.records;

/**
 * One training example of the backfill job: an event before its session's first purchase, with the features the
 * engine computed at it, the session's label and metadata, and (once the split's cutoffs are known) its side.
 * A Flink POJO: the float array and strings have Flink's own serializers.
 */
public class ExampleRecord {
    /** An absent time ({@link #settledTime} of a session closed by the history's end). */
    public static final long NO_TIME = Long.MIN_VALUE;

    public String eventId;
    /** view, cart or remove_from_cart (an example is never a purchase). */
    public String eventType;
    public String userId;
    public String sessionId;
    public long eventTime;
    /** The session's first event time, and the time its label settled (first purchase, or last event). */
    public long sessionStart;
    public long sessionEnd;
    /** Position of the example within its session, from 0, in the order the replay applied the events. */
    public int rowIndex;
    /** The session goes on to purchase. */
    public boolean label;
    /** The session's last example before its first purchase (or its last one): the session-level example. */
    public boolean lastOfSession;
    /** The user had an applied event (an earlier session) before this session, in the replayed history. */
    public boolean returningUser;
    /** Device type and channel of the session's first example event; {@code null} when unknown. */
    public String deviceType;
    public String channel;
    /** The full vector of the feature engine as of the event ({@code FeatureSchema.SIZE} values, NaN when missing). */
    public float[] features;
    /**
     * The event at which the replay settled the session's label (its first purchase, or the later event of the same
     * id that timed it out): its time, type and id; {@link #NO_TIME} and nulls when the history's end closed it.
     * With the session's start, user and id this restores the trainer's order of rows (docs/backfill.md).
     */
    public long settledTime = NO_TIME;
    public String settledType;
    public String settledEventId;
    /** train, validation, test or excluded; {@code null} until the split's cutoffs are known. */
    public String side;

    public ExampleRecord() {}
}
