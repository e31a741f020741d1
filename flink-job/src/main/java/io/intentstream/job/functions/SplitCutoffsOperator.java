package io.intentstream.job.functions;

import io.intentstream.job.records.ExampleRecord;
import io.intentstream.job.records.SplitCutoffs;
import io.intentstream.replay.TemporalCutoffs;
import java.util.Arrays;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The backfill's second pass: from the start and end of every session with examples (its last example carries them),
 * the temporal split's cutoffs, emitted once when the input ends. Runs with parallelism 1, since a quantile needs all
 * sessions; it holds 16 bytes per session (40 M sessions: 640 MB), which is the backfill's one global memory cost.
 */
public class SplitCutoffsOperator extends AbstractStreamOperator<SplitCutoffs>
        implements OneInputStreamOperator<ExampleRecord, SplitCutoffs>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final double cutoffQuantile;
    private final double validationFraction;
    private transient long[] starts;
    private transient long[] ends;
    private transient int count;

    public SplitCutoffsOperator(double cutoffQuantile, double validationFraction) {
        TemporalCutoffs.checkFractions(cutoffQuantile, validationFraction);
        this.cutoffQuantile = cutoffQuantile;
        this.validationFraction = validationFraction;
    }

    @Override
    public void open() throws Exception {
        super.open();
        starts = new long[1024];
        ends = new long[1024];
    }

    @Override
    public void processElement(StreamRecord<ExampleRecord> element) {
        ExampleRecord last = element.getValue();
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = last.sessionStart;
        ends[count++] = last.sessionEnd;
    }

    @Override
    public void endInput() {
        TemporalCutoffs cutoffs = TemporalCutoffs.of(starts, ends, count, cutoffQuantile, validationFraction);
        SplitCutoffs out = new SplitCutoffs();
        out.cutoff = cutoffs.cutoff();
        out.validationCutoff = cutoffs.validationCutoff();
        out.sessions = count;
        for (int s = 0; s < count; s++) {
            switch (cutoffs.side(starts[s], ends[s])) {
                case TRAIN:
                    out.trainSessions++;
                    break;
                case VALIDATION:
                    out.validationSessions++;
                    break;
                case TEST:
                    out.testSessions++;
                    break;
                default:
                    out.excludedSessions++;
            }
        }
        starts = null;
        ends = null;
        output.collect(new StreamRecord<>(out));
    }
}
