package io.intentstream.job.records;

import io.intentstream.features.SessionState;

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
    /** The user's arm when the session closed: champion, challenger or holdout. */
    public String arm;
    /** The bot rule stopped scoring this session. */
    public boolean judgedBot;

    public SessionOutcome() {}

    /** The outcome of a session that has closed, for a user in {@code arm}, scored by {@code modelVersion}. */
    public static SessionOutcome of(SessionState s, String modelVersion, String arm) {
        SessionOutcome o = new SessionOutcome();
        o.sessionId = s.sessionId;
        o.userId = s.userId;
        o.firstEventTime = s.firstEventTime;
        o.lastEventTime = s.lastEventTime;
        o.eventCount = s.eventCount;
        o.converted = s.converted();
        o.firstPurchaseTime = s.firstPurchaseTime;
        o.lastPropensityBeforeConversion = s.lastPropensityBeforePurchase;
        o.modelVersion = modelVersion;
        o.arm = arm;
        o.judgedBot = s.judgedBot;
        return o;
    }

    public boolean hasFirstPurchase() {
        return firstPurchaseTime != Long.MIN_VALUE;
    }
}
