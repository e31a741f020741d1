package io.intentstream.job.connectors.kinesis;

import io.intentstream.cli.Option;
import java.util.List;

/** Options of the Kinesis connector; connector properties pass through as {@code --kinesis.<name>}. */
public final class KinesisOptions {
    private KinesisOptions() {}

    /** Where a Kinesis source starts reading a stream it has no checkpointed position for. */
    public enum StartPosition { TRIM_HORIZON, LATEST, AT_TIMESTAMP }

    public static final String PROPERTY_PREFIX = "kinesis.";
    public static final String PROPERTY_DESCRIPTION = "any Flink Kinesis connector property, e.g. "
            + "--kinesis.aws.credentials.provider WEB_IDENTITY_TOKEN";

    public static final Option<String> REGION = Option.string("kinesis-region", null,
            "Kinesis source and sinks: AWS region (credentials come only from the default AWS provider chain)");
    public static final Option<String> STREAM = Option.string("kinesis-stream", null,
            "Kinesis source: ARN of the event stream");
    public static final Option<StartPosition> START_POSITION = Option.choice("kinesis-start-position",
            StartPosition.TRIM_HORIZON, StartPosition.class,
            "Kinesis source, first start only: where to begin reading each shard");
    public static final Option<String> START_TIMESTAMP = Option.string("kinesis-start-timestamp", null,
            "Kinesis source with at-timestamp: ISO-8601 instant to begin at");
    public static final Option<String> SCORES_STREAM = Option.string("kinesis-scores-stream", null,
            "Kinesis sink: stream name for score records (partition key: session id)");
    public static final Option<String> OUTCOMES_STREAM = Option.string("kinesis-outcomes-stream", null,
            "Kinesis sink: stream name for session outcomes");
    public static final Option<String> DEAD_LETTERS_STREAM = Option.string("kinesis-dead-letters-stream", null,
            "Kinesis sink: stream name for rejected inputs");
    public static final Option<String> USER_SCORES_STREAM = Option.string("kinesis-user-scores-stream", null,
            "Kinesis sink: stream name for user-level predictions at purchase events (--user-models; partition key: user id)");
    public static final Option<String> ENDPOINT = Option.string("kinesis-endpoint", null,
            "Kinesis: endpoint override (local emulators such as kinesalite); unset for AWS");

    public static List<Option<?>> all() {
        return List.of(REGION, STREAM, START_POSITION, START_TIMESTAMP, SCORES_STREAM, OUTCOMES_STREAM, DEAD_LETTERS_STREAM,
                USER_SCORES_STREAM, ENDPOINT);
    }
}
