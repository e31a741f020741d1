package io.intentstream.job.records;

import io.intentstream.events.ClickEvent;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The propensity computed for one event, with the feature vector it was computed from (the vector goes
 * to the Parquet archive only; the results stream carries the scalar fields). Not changed once emitted: Flink
 * passes it to chained consumers without a copy ({@link ScoreRecordSerializer}).
 */
@TypeInfo(ScoreRecordTypeInfo.Factory.class)
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
    /** champion, challenger, holdout (scored by the champion; the shop withholds its intervention) or shadow. */
    public String arm;
    public float propensity;
    public float[] features;
    /** Arrival order: the event came behind an event of its user applied before it (docs/delivery.md). */
    public boolean outOfOrder;
    /**
     * With {@code --explain}: the features that moved this score most, strongest first (null when the event was not
     * explained), and their TreeSHAP contributions to the margin in log-odds, positive ones raising the propensity.
     */
    public String[] reasonFeatures;
    public float[] reasonContributions;

    public ScoreRecord() {}

    /** The score of one event, computed at wall-clock time {@code scoredAt} from {@code features}. */
    public static ScoreRecord of(ClickEvent event, String modelVersion, String arm, float propensity, float[] features,
            boolean outOfOrder, long scoredAt) {
        ScoreRecord score = new ScoreRecord();
        score.eventId = event.eventId;
        score.sessionId = event.sessionId;
        score.userId = event.userId;
        score.eventType = event.eventType.wireName();
        score.eventTime = event.eventTime;
        score.scoredAt = scoredAt;
        score.modelVersion = modelVersion;
        score.arm = arm;
        score.propensity = propensity;
        score.features = features;
        score.outOfOrder = outOfOrder;
        return score;
    }
}
