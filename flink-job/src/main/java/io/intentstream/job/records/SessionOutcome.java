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
        SessionOutcome o = of(s.sessionId, s.userId, s.firstEventTime, s.lastEventTime, s.eventCount, s.firstPurchaseTime,
                s.lastPropensityBeforePurchase, s.judgedBot);
        o.modelVersion = modelVersion;
        o.arm = arm;
        return o;
    }

    /** The outcome of a closed session from its fields; model version and arm are left to the emitter. */
    public static SessionOutcome of(String sessionId, String userId, long firstEventTime, long lastEventTime,
            int eventCount, long firstPurchaseTime, float lastPropensityBeforePurchase, boolean judgedBot) {
        SessionOutcome o = new SessionOutcome();
        o.sessionId = sessionId;
        o.userId = userId;
        o.firstEventTime = firstEventTime;
        o.lastEventTime = lastEventTime;
        o.eventCount = eventCount;
        o.converted = firstPurchaseTime != SessionState.NO_PURCHASE;
        o.firstPurchaseTime = firstPurchaseTime;
        o.lastPropensityBeforeConversion = lastPropensityBeforePurchase;
        o.judgedBot = judgedBot;
        return o;
    }

    public boolean hasFirstPurchase() {
        return firstPurchaseTime != Long.MIN_VALUE;
    }
}
