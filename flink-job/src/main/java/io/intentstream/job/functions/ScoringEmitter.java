package io.intentstream.job.functions;

import static io.intentstream.job.functions.JobMetric.EVENTS_BOT_SESSION;
import static io.intentstream.job.functions.JobMetric.EVENTS_DUPLICATE;
import static io.intentstream.job.functions.JobMetric.EVENTS_EXPLAINED;
import static io.intentstream.job.functions.JobMetric.EVENTS_LATE;
import static io.intentstream.job.functions.JobMetric.EVENTS_OUT_OF_ORDER;
import static io.intentstream.job.functions.JobMetric.EVENTS_SCORED;
import static io.intentstream.job.functions.JobMetric.EVENTS_SCORING_ERROR;
import static io.intentstream.job.functions.JobMetric.SESSIONS_CLOSED;
import static io.intentstream.job.functions.JobMetric.SESSIONS_CONVERTED;
import static io.intentstream.job.functions.JobMetric.SESSIONS_JUDGED_BOT;
import static io.intentstream.job.functions.JobMetric.SESSIONS_OPENED;
import static io.intentstream.job.functions.JobMetric.SHADOW_SCORES;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.RejectReason;
import io.intentstream.features.BotRule;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionState;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.job.records.UserScoreRecord;
import io.intentstream.job.records.UserScoreRecordTypeInfo;
import io.intentstream.model.ReasonCodes;
import io.intentstream.registry.Arm;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the scoring operator emits, with the count that goes with each: scores, session outcomes and dead
 * letters (late events, bot sessions, scoring errors), plus the counts of duplicates and opened sessions, and the
 * distributions of each score's latency, event-time lag and propensity.
 */
final class ScoringEmitter {
    static final OutputTag<SessionOutcome> OUTCOMES = new OutputTag<>("session-outcomes") {};
    static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("scoring-dead-letters") {};
    static final OutputTag<ScoreRecord> SHADOW_SCORES_TAG = new OutputTag<>("shadow-scores") {};
    private static final List<String> FEATURE_NAMES = FeatureSchema.names();
    private static final Logger LOG = LoggerFactory.getLogger(ScoringEmitter.class);
    static final OutputTag<UserScoreRecord> USER_SCORES = new OutputTag<>("user-scores", new UserScoreRecordTypeInfo());

    private final Output<StreamRecord<ScoreRecord>> output;
    private final JobCounters.Counts counts;
    private final int maxDeadLetterRawChars;
    private final StreamRecord<ScoreRecord> reusedScore = new StreamRecord<>(null);
    private final Histogram latency;
    private final Histogram eventTimeLag;
    private final Histogram propensities;
    private final MetricGroup group;
    /** Read by the metric reporter's thread. */
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final Set<String> labelled = new HashSet<>();
    private boolean userScoringErrorLogged;

    ScoringEmitter(Output<StreamRecord<ScoreRecord>> output, RuntimeContext context, int maxDeadLetterRawChars) {
        this.output = output;
        this.counts = JobCounters.registerAll(context, EVENTS_SCORED, EVENTS_OUT_OF_ORDER, EVENTS_DUPLICATE, EVENTS_LATE,
                EVENTS_SCORING_ERROR, EVENTS_BOT_SESSION, SESSIONS_JUDGED_BOT, SESSIONS_OPENED, SESSIONS_CLOSED, SESSIONS_CONVERTED,
                EVENTS_EXPLAINED, SHADOW_SCORES, JobMetric.MODELS_SWAPPED, JobMetric.MODEL_LOADS_FAILED,
                JobMetric.USER_SCORING_ERRORS);
        this.maxDeadLetterRawChars = maxDeadLetterRawChars;
        MetricGroup group = context.getMetricGroup().addGroup(JobMetric.GROUP);
        this.latency = group.histogram(JobMetric.SCORING_LATENCY_MS, new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        this.eventTimeLag = group.histogram(JobMetric.EVENT_TIME_LAG_MS, new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        this.propensities = group.histogram(JobMetric.PROPENSITY_PERMILLE, new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        this.group = group;
    }

    /**
     * The versions scoring now, for the {@code model_active} gauge: 1 for each of them, 0 for a version that scored
     * before in this subtask (a gauge cannot be removed).
     */
    void modelsActive(Collection<String> versions) {
        active.clear();
        active.addAll(versions);
        for (String version : versions) {
            if (labelled.add(version)) {
                group.addGroup(JobMetric.LABEL_MODEL_VERSION, version)
                        .gauge(JobMetric.MODEL_ACTIVE, (Gauge<Integer>) () -> active.contains(version) ? 1 : 0);
            }
        }
    }

    /** Each histogram reports quantiles over this subtask's latest this many scores. */
    static final int HISTOGRAM_WINDOW = 10_000;

    void score(ClickEvent event, String modelVersion, Arm arm, float propensity, float[] features, boolean outOfOrder) {
        score(event, modelVersion, arm, propensity, features, outOfOrder, null);
    }

    /** @param reasons the reason codes of this row, explained just before; null when the event is not explained */
    void score(ClickEvent event, String modelVersion, Arm arm, float propensity, float[] features, boolean outOfOrder,
            ReasonCodes reasons) {
        counts.inc(EVENTS_SCORED);
        if (outOfOrder) {
            counts.inc(EVENTS_OUT_OF_ORDER);
        }
        long now = System.currentTimeMillis();
        if (event.arrivedAt > 0) {
            latency.update(now - event.arrivedAt);
        }
        eventTimeLag.update(now - event.eventTime);
        propensities.update(Math.round(propensity * 1000.0));
        ScoreRecord score = ScoreRecord.of(event, modelVersion, arm.wireName(), propensity, features, outOfOrder, now);
        if (reasons != null) {
            counts.inc(EVENTS_EXPLAINED);
            withReasons(score, reasons);
        }
        output.collect(reusedScore.replace(score, event.eventTime));
    }

    private static void withReasons(ScoreRecord score, ReasonCodes reasons) {
        int n = reasons.count();
        score.reasonFeatures = new String[n];
        score.reasonContributions = new float[n];
        for (int i = 0; i < n; i++) {
            score.reasonFeatures[i] = FEATURE_NAMES.get(reasons.feature(i));
            score.reasonContributions[i] = reasons.contribution(i);
        }
    }

    /** A shadow model's score of an event, for the archive only; a shadow model that fails on a row emits nothing. */
    void shadowScore(ClickEvent event, String modelVersion, float propensity, float[] features, boolean outOfOrder) {
        if (Float.isNaN(propensity)) {
            return;
        }
        counts.inc(SHADOW_SCORES);
        output.collect(SHADOW_SCORES_TAG, new StreamRecord<>(ScoreRecord.of(event, modelVersion, Arm.SHADOW.wireName(),
                propensity, features, outOfOrder, System.currentTimeMillis()), event.eventTime));
    }

    void modelsSwapped(boolean swapped) {
        counts.inc(swapped ? JobMetric.MODELS_SWAPPED : JobMetric.MODEL_LOADS_FAILED);
    }

    /** A user-level prediction at a purchase event, at the event's time. */
    void userScore(UserScoreRecord score) {
        output.collect(USER_SCORES, new StreamRecord<>(score, score.eventTime));
    }

    /**
     * A user-level model failed on a purchase. Counted apart from {@link #scoringError}: that one means the event
     * was not scored, while here the session score goes on, so the input accounting must not count the event twice.
     */
    void userScoringError(ClickEvent event, RuntimeException error) {
        counts.inc(JobMetric.USER_SCORING_ERRORS);
        if (!userScoringErrorLogged) {
            userScoringErrorLogged = true;
            LOG.warn("A user-level model failed on event {} (further failures are counted in user_scoring_errors only)",
                    event.eventId, error);
        }
    }

    void scoringError(ClickEvent event, String detail) {
        counts.inc(EVENTS_SCORING_ERROR);
        deadLetter(event, RejectReason.SCORING_ERROR, detail);
    }

    void late(ClickEvent event, long watermark) {
        counts.inc(EVENTS_LATE);
        deadLetter(event, RejectReason.LATE, "event time " + event.eventTime + " is at or behind the watermark " + watermark);
    }

    void duplicate() {
        counts.inc(EVENTS_DUPLICATE);
    }

    void sessionOpened() {
        counts.inc(SESSIONS_OPENED);
    }

    /** Whether the bot rule stops this event from being scored; such an event goes to dead letters. */
    boolean droppedAsBot(BotRule botRule, ClickEvent event, SessionState session) {
        BotRule.Verdict verdict = botRule.verdict(session);
        if (verdict == null) {
            return false;
        }
        if (verdict.newlyJudged()) {
            counts.inc(SESSIONS_JUDGED_BOT);
        }
        counts.inc(EVENTS_BOT_SESSION);
        deadLetter(event, RejectReason.BOT_SESSION, verdict.reason());
        return true;
    }

    void outcome(SessionOutcome outcome, String modelVersion, Arm arm) {
        counts.inc(SESSIONS_CLOSED);
        if (outcome.converted) {
            counts.inc(SESSIONS_CONVERTED);
        }
        outcome.modelVersion = modelVersion;
        outcome.arm = arm.wireName();
        output.collect(OUTCOMES, new StreamRecord<>(outcome, outcome.lastEventTime));
    }

    private void deadLetter(ClickEvent event, RejectReason reason, String detail) {
        output.collect(DEAD_LETTERS, new StreamRecord<>(DeadLetter.ofEvent(event, maxDeadLetterRawChars, reason.code(),
                detail, System.currentTimeMillis()), event.eventTime));
    }
}
