package io.intentstream.job.records;

/** What became of a session, emitted once when it closes (after the inactivity timeout). */
public class SessionOutcome {
    public String sessionId;
    public String userId;
    public long firstEventTime;
    public long lastEventTime;
    public int eventCount;
    public boolean converted;
    /** Event time of the first purchase, or {@code Long.MIN_VALUE} when the session did not convert. */
    public long firstPurchaseTime = Long.MIN_VALUE;
    /** The last propensity emitted before the first purchase (or the last one, if none); NaN if none. */
    public float lastPropensityBeforeConversion = Float.NaN;
    public String modelVersion;
    /** The bot rule stopped scoring this session. */
    public boolean judgedBot;

    public SessionOutcome() {}

    public boolean hasFirstPurchase() {
        return firstPurchaseTime != Long.MIN_VALUE;
    }
}
