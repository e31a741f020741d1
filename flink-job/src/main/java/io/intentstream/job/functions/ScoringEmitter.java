package io.intentstream.job.functions;

import static io.intentstream.job.functions.JobMetric.EVENTS_BOT_SESSION;
import static io.intentstream.job.functions.JobMetric.EVENTS_DUPLICATE;
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
import io.intentstream.features.SessionState;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.registry.Arm;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * What the scoring operator emits, with the count that goes with each: scores, session outcomes and dead
 * letters (late events, bot sessions, scoring errors), plus the counts of duplicates and opened sessions.
 */
final class ScoringEmitter {
    static final OutputTag<SessionOutcome> OUTCOMES = new OutputTag<>("session-outcomes") {};
    static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("scoring-dead-letters") {};
    static final OutputTag<ScoreRecord> SHADOW_SCORES_TAG = new OutputTag<>("shadow-scores") {};

    private final Output<StreamRecord<ScoreRecord>> output;
    private final JobCounters.Counts counts;
    private final int maxDeadLetterRawChars;
    private final StreamRecord<ScoreRecord> reusedScore = new StreamRecord<>(null);

    ScoringEmitter(Output<StreamRecord<ScoreRecord>> output, RuntimeContext context, int maxDeadLetterRawChars) {
        this.output = output;
        this.counts = JobCounters.registerAll(context, EVENTS_SCORED, EVENTS_OUT_OF_ORDER, EVENTS_DUPLICATE, EVENTS_LATE,
                EVENTS_SCORING_ERROR, EVENTS_BOT_SESSION, SESSIONS_JUDGED_BOT, SESSIONS_OPENED, SESSIONS_CLOSED, SESSIONS_CONVERTED,
                SHADOW_SCORES, JobMetric.MODELS_SWAPPED, JobMetric.MODEL_LOADS_FAILED);
        this.maxDeadLetterRawChars = maxDeadLetterRawChars;
    }

    void score(ClickEvent event, String modelVersion, Arm arm, float propensity, float[] features, boolean outOfOrder) {
        counts.inc(EVENTS_SCORED);
        if (outOfOrder) {
            counts.inc(EVENTS_OUT_OF_ORDER);
        }
        output.collect(reusedScore.replace(ScoreRecord.of(event, modelVersion, arm.wireName(), propensity, features,
                outOfOrder, System.currentTimeMillis()), event.eventTime));
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

    void outcome(SessionState s, String modelVersion, Arm arm) {
        counts.inc(SESSIONS_CLOSED);
        if (s.converted()) {
            counts.inc(SESSIONS_CONVERTED);
        }
        output.collect(OUTCOMES, new StreamRecord<>(SessionOutcome.of(s, modelVersion, arm.wireName()), s.lastEventTime));
    }

    private void deadLetter(ClickEvent event, RejectReason reason, String detail) {
        output.collect(DEAD_LETTERS, new StreamRecord<>(DeadLetter.ofEvent(event, maxDeadLetterRawChars, reason.code(),
                detail, System.currentTimeMillis()), event.eventTime));
    }
}
