package io.intentstream.job.pipeline;

import io.intentstream.cli.Options;
import io.intentstream.events.ClickEvent;
import io.intentstream.job.functions.DeadLetterMetrics;
import io.intentstream.job.functions.ParseRecords;
import io.intentstream.job.functions.PerEventWatermarks;
import io.intentstream.job.functions.ScoringSettings;
import io.intentstream.job.functions.SessionScoringOperator;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.job.records.RawRecord;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.model.ModelBundle;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The scoring graph between an injected stream of raw records and the output streams: parsing, event
 * time, per-user session scoring, the dead-letter path, and the drift and live-quality monitors. Connectors feed and drain it; tests run the
 * same graph between bounded sources and collecting sinks.
 */
public final class ScoringPipeline {
    /** Periodic watermarks when {@code --watermark-interval} is 0 would be off; per-event ones need no timer. */
    private static final Duration PERIODIC_FALLBACK = Duration.ofMillis(200);

    private ScoringPipeline() {}

    public static Outputs build(DataStream<RawRecord> raw, ModelInput models, Options.Values options) {
        int maxRaw = options.get(PipelineOptions.DEAD_LETTER_MAX_RAW_CHARS);
        // Parsing and watermarking run at the source's parallelism, chained to it.
        SingleOutputStreamOperator<ClickEvent> events = raw
                .process(new ParseRecords(PipelineOptions.inputFormat(options), PipelineOptions.validationRules(options), maxRaw))
                .setParallelism(raw.getParallelism())
                .uid("parse-records").name("parse and validate");

        ScoringSettings settings = new ScoringSettings(PipelineOptions.botRule(options), maxRaw,
                options.get(PipelineOptions.APPLY_ORDER), Math.max(0L, raw.getExecutionEnvironment().getBufferTimeout()), true,
                new ScoringSettings.Explain(options.get(PipelineOptions.EXPLAIN), options.get(PipelineOptions.EXPLAIN_SHARE)));
        SingleOutputStreamOperator<ScoreRecord> scores = events
                .assignTimestampsAndWatermarks(watermarks(raw, options)).setParallelism(raw.getParallelism())
                .uid("event-time").name("event time and watermarks")
                .keyBy(e -> e.userId)
                .connect(models.updates().broadcast())
                .transform("session features and scoring", TypeInformation.of(ScoreRecord.class),
                        new SessionScoringOperator(models.initial(), models.bundles(), PipelineOptions.scorerFactory(options),
                                settings))
                .uid("session-scoring");

        DataStream<DeadLetter> deadLetters = events.getSideOutput(ParseRecords.DEAD_LETTERS)
                .union(scores.getSideOutput(SessionScoringOperator.DEAD_LETTERS))
                .map(new DeadLetterMetrics()).name("dead letters by reason").uid("dead-letter-metrics");
        DataStream<ModelUpdate> modelEvents = models.updates().filter(u -> !ModelUpdate.STAGES.equals(u.kind))
                .setParallelism(1).uid("model-events").name("model events");
        DataStream<SessionOutcome> outcomes = scores.getSideOutput(SessionScoringOperator.OUTCOMES);
        // Drift and quality compare with the production bundle the job starts with (docs/monitoring.md).
        ModelBundle reference = models.initial().production();
        return new Outputs(scores, outcomes, deadLetters, scores.getSideOutput(SessionScoringOperator.SHADOW_SCORES),
                scores.getSideOutput(SessionScoringOperator.USER_SCORES), modelEvents, MonitoringGraph.drift(scores, options, reference),
                MonitoringGraph.quality(outcomes, options, reference));
    }

    private static WatermarkStrategy<ClickEvent> watermarks(DataStream<RawRecord> raw, Options.Values options) {
        Duration bound = options.get(PipelineOptions.MAX_OUT_OF_ORDERNESS);
        Duration interval = options.get(PipelineOptions.WATERMARK_INTERVAL);
        raw.getExecutionEnvironment().getConfig()
                .setAutoWatermarkInterval((interval.isZero() ? PERIODIC_FALLBACK : interval).toMillis());
        return (interval.isZero()
                        ? WatermarkStrategy.<ClickEvent>forGenerator(context -> new PerEventWatermarks(bound))
                        : WatermarkStrategy.<ClickEvent>forBoundedOutOfOrderness(bound))
                .withTimestampAssigner((e, previous) -> e.eventTime)
                .withIdleness(options.get(PipelineOptions.SOURCE_IDLENESS));
    }
}
