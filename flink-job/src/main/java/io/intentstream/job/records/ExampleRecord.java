package io.intentstream.job.records;

/**
 * One training example of the backfill job: an event before its session's first purchase, with the features the
 * engine computed at it, the session's label and metadata, and (once the split's cutoffs are known) its side.
 * A Flink POJO: the float array and strings have Flink's own serializers.
 */
public class ExampleRecord {
    public String eventId;
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
    /** train, validation, test or excluded; {@code null} until the split's cutoffs are known. */
    public String side;

    public ExampleRecord() {}
}
