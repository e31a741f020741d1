package io.intentstream.job.connectors.file;

import io.intentstream.cli.Options;
import io.intentstream.job.connectors.Connector;
import io.intentstream.job.connectors.ConnectorOptions;
import io.intentstream.job.formats.DeadLetterJsonEncoder;
import io.intentstream.job.formats.ScoreJsonEncoder;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.records.RawRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/** Event files in (any Flink file system, plain or .gz); scores and dead letters out as JSON lines. */
public final class FileConnector implements Connector {
    public static final String SOURCE_UID = "file-event-source";

    private final Options.Values options;

    public FileConnector(Options.Values options) {
        this.options = options;
    }

    @Override
    public DataStream<RawRecord> source(StreamExecutionEnvironment env) {
        String input = options.get(FileOptions.INPUT);
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("--" + FileOptions.INPUT.name() + " is required for the file source");
        }
        List<Path> paths = new ArrayList<>();
        for (String p : input.split(",")) {
            paths.add(new Path(p.trim()));
        }
        FileSource<RawRecord> source = FileSource.forBulkFileFormat(new NumberedLineFormat(), paths.toArray(new Path[0])).build();
        return ConnectorOptions.withSourceParallelism(env.fromSource(source, WatermarkStrategy.noWatermarks(), "event files")
                .uid(SOURCE_UID), options);
    }

    @Override
    public boolean bounded() {
        return true;
    }

    @Override
    public void attachSinks(Outputs outputs) {
        outputs.scores().sinkTo(jsonLines(options.get(FileOptions.RESULTS), new ScoreJsonEncoder(), "scores"))
                .uid("results-file-sink").name("results: JSON lines");
        if (options.get(FileOptions.RESULTS_STDOUT)) {
            outputs.scores().map(ScoreJsonEncoder::toJson).uid("results-to-text").name("results as text")
                    .print().uid("results-stdout").name("results: stdout");
        }
        outputs.deadLetters().sinkTo(jsonLines(options.get(FileOptions.DEAD_LETTERS), new DeadLetterJsonEncoder(), "dead-letters"))
                .uid("dead-letters-file-sink").name("dead letters: JSON lines");
    }

    private static <T> FileSink<T> jsonLines(String directory, Encoder<T> encoder, String filePrefix) {
        return FileSink.forRowFormat(new Path(directory), encoder)
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(filePrefix).withPartSuffix(".jsonl").build())
                .build();
    }
}
