package io.intentstream.job.records;

/**
 * The propensity computed for one event, with the feature vector it was computed from (the vector goes
 * to the Parquet archive only; the results stream carries the scalar fields).
 */
public class ScoreRecord {
    public String eventId;
    public String sessionId;
    public String userId;
    public String eventType;
    /** Event time, epoch ms UTC. */
    public long eventTime;
    /** Wall-clock time the score was computed, epoch ms UTC. */
    public long scoredAt;
    public String modelVersion;
    public float propensity;
    public float[] features;

    public ScoreRecord() {}
}
