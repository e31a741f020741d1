package io.intentstream.job.pipeline;

import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.job.records.DriftRow;
import io.intentstream.job.records.QualityRow;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.job.records.UserScoreRecord;
import java.util.Optional;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The job's output streams, before any sink is attached: scores (the results stream), session outcomes, dead
 * letters, the user-level predictions at purchase events (empty without {@code --user-models}), and for the archive only the shadow models' scores, the model events (revisions activated or refused),
 * drift and live quality; drift and live quality are empty when switched off (or, for drift, when the bundle has
 * no reference distributions).
 */
public record Outputs(DataStream<ScoreRecord> scores, DataStream<SessionOutcome> outcomes, DataStream<DeadLetter> deadLetters,
        DataStream<ScoreRecord> shadowScores, DataStream<UserScoreRecord> userScores, DataStream<ModelUpdate> modelEvents, Optional<DataStream<DriftRow>> drift,
        Optional<DataStream<QualityRow>> quality) {

    /** The same outputs with the scores replaced, e.g. by a stream derived from them ahead of the sinks. */
    public Outputs withScores(DataStream<ScoreRecord> replaced) {
        return new Outputs(replaced, outcomes, deadLetters, shadowScores, userScores, modelEvents, drift, quality);
    }
}
