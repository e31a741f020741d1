package io.intentstream.job.pipeline;

import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.DriftRow;
import io.intentstream.job.records.QualityRow;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import java.util.Optional;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The job's output streams, before any sink is attached; drift and live quality are empty when switched off (or,
 * for drift, when the bundle has no reference distributions).
 */
public record Outputs(DataStream<ScoreRecord> scores, DataStream<SessionOutcome> outcomes, DataStream<DeadLetter> deadLetters,
        Optional<DataStream<DriftRow>> drift, Optional<DataStream<QualityRow>> quality) {

    /** The same outputs with the scores replaced, e.g. by a stream derived from them ahead of the sinks. */
    public Outputs withScores(DataStream<ScoreRecord> replaced) {
        return new Outputs(replaced, outcomes, deadLetters, drift, quality);
    }
}
