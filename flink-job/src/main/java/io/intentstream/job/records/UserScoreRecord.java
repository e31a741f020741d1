package io.intentstream.job.records;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A user-level prediction made at one purchase event by a bundle of a user-level target ({@code repeat-purchase}: a
 * probability; {@code next-purchase-days}: days). Not changed once emitted ({@link UserScoreRecordSerializer}).
 */
@TypeInfo(UserScoreRecordTypeInfo.Factory.class)
public class UserScoreRecord {
    public String userId;
    public String eventId;
    /** Event time of the purchase, epoch ms UTC. */
    public long eventTime;
    /** The bundle's target, e.g. {@code repeat-purchase}. */
    public String target;
    public String modelVersion;
    public float value;

    public UserScoreRecord() {}

    public static UserScoreRecord of(String userId, String eventId, long eventTime, String target, String modelVersion,
            float value) {
        UserScoreRecord r = new UserScoreRecord();
        r.userId = userId;
        r.eventId = eventId;
        r.eventTime = eventTime;
        r.target = target;
        r.modelVersion = modelVersion;
        r.value = value;
        return r;
    }

    @Override
    public String toString() {
        return "UserScoreRecord{" + userId + ", " + eventId + ", " + eventTime + ", " + target + ", " + modelVersion + ", "
                + value + "}";
    }
}
