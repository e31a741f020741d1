package io.intentstream.job.pipeline;

import io.intentstream.cli.Options;
import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFormat;
import io.intentstream.events.ValidationRules;
import io.intentstream.job.functions.AssignSides;
import io.intentstream.job.functions.ExampleReplay;
import io.intentstream.job.functions.ParseRecords;
import io.intentstream.job.functions.SplitCutoffsOperator;
import io.intentstream.job.records.ExampleRecord;
import io.intentstream.job.records.RawRecord;
import io.intentstream.job.records.SplitCutoffs;
import io.intentstream.replay.ExampleOptions;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The backfill graph, for BATCH execution: the trainer's replay of a history, keyed by user, into training examples,
 * and the temporal split over them. Two passes: the replay emits examples without side, a single task takes the
 * cutoffs from every session's start and end, and the examples get their side from the broadcast cutoffs.
 *
 * <p>Each event's timestamp is its rank in the apply order: its event time (ties are put in {@code EventOrder} by the
 * replay) or, in arrival order, its line number in the one input file. BATCH execution sorts each user's input by it.
 * Validation is the trainer's ({@link ValidationRules#defaults()}), so the same lines are rejected.
 */
public final class BackfillPipeline {
    private BackfillPipeline() {}

    public static BackfillOutputs build(DataStream<RawRecord> raw, Options.Values options) {
        EventFormat format = EventFormat.fromOptionName(options.get(BackfillOptions.FORMAT));
        if (!format.isLineLocal()) {
            throw new IllegalArgumentException("--format " + options.get(BackfillOptions.FORMAT)
                    + " is not read line by line; convert it to JSON lines first (bin/intentstream convert)");
        }
        ApplyOrder order = options.get(ExampleOptions.APPLY_ORDER);
        SingleOutputStreamOperator<ClickEvent> events = raw
                .process(new ParseRecords(format, ValidationRules.defaults(),
                        options.get(PipelineOptions.DEAD_LETTER_MAX_RAW_CHARS)))
                .setParallelism(raw.getParallelism())
                .uid("parse-records").name("parse and validate");
        SingleOutputStreamOperator<ExampleRecord> unsided = events
                .assignTimestampsAndWatermarks(WatermarkStrategy.<ClickEvent>noWatermarks()
                        .withTimestampAssigner((e, previous) -> order == ApplyOrder.ARRIVAL ? lineNumber(e) : e.eventTime))
                .setParallelism(raw.getParallelism())
                .uid("apply-order").name("apply order")
                .keyBy(e -> e.userId)
                .process(new ExampleReplay(ExampleOptions.featureConfig(options), order), TypeInformation.of(ExampleRecord.class))
                .uid("example-replay").name("replay users into examples");

        SingleOutputStreamOperator<SplitCutoffs> split = unsided
                .filter(r -> r.lastOfSession).uid("session-ends").name("one example per session")
                .transform("split cutoffs", TypeInformation.of(SplitCutoffs.class),
                        new SplitCutoffsOperator(options.get(ExampleOptions.CUTOFF_QUANTILE),
                                options.get(ExampleOptions.VALIDATION_FRACTION)))
                .setParallelism(1).setMaxParallelism(1).uid("split-cutoffs");
        SingleOutputStreamOperator<ExampleRecord> examples = unsided
                .keyBy(r -> r.userId)
                .connect(split.broadcast(AssignSides.CUTOFFS))
                .process(new AssignSides(), TypeInformation.of(ExampleRecord.class))
                .uid("assign-sides").name("split sides");
        return new BackfillOutputs(examples, split, events.getSideOutput(ParseRecords.DEAD_LETTERS));
    }

    /** The line number of an event read from a file: the end of its origin, {@code <file>:<line>}. */
    static long lineNumber(ClickEvent e) {
        return Long.parseLong(e.origin.substring(e.origin.lastIndexOf(':') + 1));
    }
}
