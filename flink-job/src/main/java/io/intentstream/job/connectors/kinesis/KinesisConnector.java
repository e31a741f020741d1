package io.intentstream.job.connectors.kinesis;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.job.connectors.Connector;
import io.intentstream.job.connectors.ConnectorOptions;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.records.RawRecord;
import io.intentstream.job.formats.DeadLetterJsonEncoder;
import io.intentstream.job.formats.ScoreJsonEncoder;
import io.intentstream.job.formats.SessionOutcomeJson;
import io.intentstream.job.formats.UserScoreJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSinkBuilder;
import org.apache.flink.connector.kinesis.sink.PartitionKeyGenerator;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants.InitialPosition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Kinesis source of raw events and Kinesis sinks for scores, session outcomes and dead letters
 * (flink-connector-kinesis 4.3.0: {@link KinesisStreamsSource}, {@link KinesisStreamsSink}; docs/kinesis.md).
 *
 * <p>Credentials come only from the AWS default provider chain (environment, system properties, web
 * identity, profile, container or EC2/EMR instance role): no option takes a key, and pass-through
 * properties that would carry one are refused.
 */
public final class KinesisConnector implements Connector {
    public static final String SOURCE_UID = "kinesis-event-source";
    public static final String SCORES_SINK_UID = "kinesis-scores-sink";
    public static final String OUTCOMES_SINK_UID = "kinesis-outcomes-sink";
    public static final String USER_SCORES_SINK_UID = "kinesis-user-scores-sink";
    public static final String DEAD_LETTERS_SINK_UID = "kinesis-dead-letters-sink";

    /** Kinesis accepts partition keys of 1 to 256 Unicode characters. */
    static final int MAX_PARTITION_KEY_CHARS = 256;

    // The connector's own AWS client keys (its AWSConfigConstants is relocated, so not referenced here).
    static final String AWS_REGION = "aws.region";
    static final String AWS_ENDPOINT = "aws.endpoint";
    static final String AWS_CREDENTIALS_PROVIDER = "aws.credentials.provider";
    static final String AWS_HTTP_PROTOCOL_VERSION = "aws.http.protocol.version";

    private final Options.Values options;

    public KinesisConnector(Options.Values options) {
        this.options = options;
    }

    /** The source over the {@code --kinesis-stream} ARN; polls every shard (no enhanced fan-out in 4.3.0). */
    @Override
    public DataStream<RawRecord> source(StreamExecutionEnvironment env) {
        KinesisStreamArn stream = KinesisStreamArn.parse(required(options, KinesisOptions.STREAM));
        KinesisStreamsSource<RawRecord> source = KinesisStreamsSource.<RawRecord>builder()
                .setStreamArn(stream.arn)
                .setSourceConfig(sourceConfig(options, stream))
                .setDeserializationSchema(new KinesisRawRecords())
                .build();
        // The type is given because KinesisStreamsSource 4.3.0 does not expose its deserializer's produced type.
        return ConnectorOptions.withSourceParallelism(env.fromSource(source, WatermarkStrategy.noWatermarks(),
                "kinesis events: " + stream.name, TypeInformation.of(RawRecord.class)).uid(SOURCE_UID), options);
    }

    /**
     * The Kinesis sinks: scores (required stream), session outcomes and dead letters (each only when its
     * stream is set). At-least-once: exactly-once is refused, as Kinesis has no transactions (docs/kinesis.md).
     */
    @Override
    public boolean bounded() {
        return false;
    }

    @Override
    public void attachSinks(Outputs outputs) {
        if (options.get(ConnectorOptions.DELIVERY) == ConnectorOptions.DeliveryMode.EXACTLY_ONCE) {
            throw new IllegalArgumentException("--delivery exactly-once is not available for Kinesis output: Kinesis has no "
                    + "transactions or idempotent writes, so the Kinesis sink is at-least-once; consumers deduplicate on "
                    + "event_id (docs/kinesis.md)");
        }
        Properties client = sinkClientProperties(options);
        String scores = required(options, KinesisOptions.SCORES_STREAM);
        outputs.scores().sinkTo(sink(scores, client, ScoreJsonEncoder::toJson, r -> r.sessionId))
                .uid(SCORES_SINK_UID).name("scores: kinesis " + scores);
        String outcomes = options.get(KinesisOptions.OUTCOMES_STREAM);
        if (outcomes != null && !outcomes.isBlank()) {
            outputs.outcomes().sinkTo(sink(outcomes, client, SessionOutcomeJson::toJson, o -> o.sessionId))
                    .uid(OUTCOMES_SINK_UID).name("session outcomes: kinesis " + outcomes);
        }
        String userScores = options.get(KinesisOptions.USER_SCORES_STREAM);
        if (userScores != null && !userScores.isBlank()) {
            outputs.userScores().sinkTo(sink(userScores, client, UserScoreJson::toJson, u -> u.userId))
                    .uid(USER_SCORES_SINK_UID).name("user scores: kinesis " + userScores);
        }
        String deadLetters = options.get(KinesisOptions.DEAD_LETTERS_STREAM);
        if (deadLetters != null && !deadLetters.isBlank()) {
            // The origin spreads dead letters over the shards; the reason alone would put them all on a few.
            outputs.deadLetters().sinkTo(sink(deadLetters, client, DeadLetterJsonEncoder::toJson,
                            d -> d.origin != null ? d.origin : d.reason))
                    .uid(DEAD_LETTERS_SINK_UID).name("dead letters: kinesis " + deadLetters);
        }
    }

    /** A JSON-valued sink to a stream given by name or ARN. */
    private static <T> KinesisStreamsSink<T> sink(String stream, Properties client, JsonText<T> json, KeyOf<T> key) {
        KinesisStreamsSinkBuilder<T> builder = KinesisStreamsSink.<T>builder()
                .setKinesisClientProperties(client)
                .setSerializationSchema((SerializationSchema<T>) element -> json.apply(element).getBytes(StandardCharsets.UTF_8))
                .setPartitionKeyGenerator((PartitionKeyGenerator<T>) element -> partitionKey(key.apply(element)))
                // Failed entries of a PutRecords batch are retried, not fatal: a throttled shard must not fail the job.
                .setFailOnError(false);
        String trimmed = stream.trim();
        if (trimmed.startsWith("arn:")) {
            builder.setStreamArn(KinesisStreamArn.parse(trimmed).arn);
        } else {
            builder.setStreamName(trimmed);
        }
        return builder.build();
    }

    /** A serializable element-to-JSON function. */
    @FunctionalInterface
    interface JsonText<T> extends java.io.Serializable {
        String apply(T element);
    }

    /** A serializable element-to-key function. */
    @FunctionalInterface
    interface KeyOf<T> extends java.io.Serializable {
        String apply(T element);
    }

    /** A valid Kinesis partition key for any id: never empty, at most 256 characters, a surrogate pair never split. */
    public static String partitionKey(String id) {
        if (id == null || id.isEmpty()) {
            return "-";
        }
        if (id.length() <= MAX_PARTITION_KEY_CHARS) {
            return id;
        }
        int end = MAX_PARTITION_KEY_CHARS;
        if (Character.isHighSurrogate(id.charAt(end - 1))) {
            end--;
        }
        return id.substring(0, end);
    }

    /** The source's configuration for {@code --kinesis-stream}: client properties plus the initial position. */
    public static Configuration sourceConfig(Options.Values options) {
        return sourceConfig(options, KinesisStreamArn.parse(required(options, KinesisOptions.STREAM)));
    }

    private static Configuration sourceConfig(Options.Values options, KinesisStreamArn stream) {
        String region = options.get(KinesisOptions.REGION);
        if (region != null && !region.isBlank() && !region.trim().equals(stream.region)) {
            throw new IllegalArgumentException("--kinesis-region " + region.trim() + " differs from the region of --kinesis-stream "
                    + stream.arn + "; leave --kinesis-region unset to use the stream's");
        }
        Configuration config = new Configuration();
        clientProperties(options, stream.region).forEach((k, v) -> config.setString((String) k, (String) v));
        KinesisOptions.StartPosition start = options.get(KinesisOptions.START_POSITION);
        switch (start) {
            case LATEST:
                config.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION, InitialPosition.LATEST);
                break;
            case AT_TIMESTAMP:
                config.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION, InitialPosition.AT_TIMESTAMP);
                // Handed over as decimal epoch seconds, the connector's format-independent fallback, so any
                // ISO-8601 instant works and the connector's default date pattern (which needs millis) does not matter.
                config.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_TIMESTAMP,
                        epochSeconds(startTimestamp(options)));
                break;
            case TRIM_HORIZON:
            default:
                config.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION, InitialPosition.TRIM_HORIZON);
        }
        return config;
    }

    private static Instant startTimestamp(Options.Values options) {
        String text = options.get(KinesisOptions.START_TIMESTAMP);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--kinesis-start-position at-timestamp needs --kinesis-start-timestamp "
                    + "(an ISO-8601 instant, e.g. 2026-11-25T08:00:00Z)");
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--kinesis-start-timestamp '" + text + "' is not an ISO-8601 instant with an "
                    + "offset, e.g. 2026-11-25T08:00:00Z or 2026-11-25T09:00:00+01:00", e);
        }
    }

    private static String epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3).toPlainString();
    }

    /** The sinks' region: {@code --kinesis-region}, else the region of the source stream's ARN. */
    private static String regionFor(Options.Values options) {
        String region = options.get(KinesisOptions.REGION);
        if (region != null && !region.isBlank()) {
            return region.trim();
        }
        String stream = options.get(KinesisOptions.STREAM);
        if (stream != null && !stream.isBlank()) {
            return KinesisStreamArn.parse(stream).region;
        }
        throw new IllegalArgumentException("--kinesis-region is required when --kinesis-stream (an ARN that names the region) is not set");
    }

    /** The sinks' AWS client properties (region: {@code --kinesis-region}, else the source stream's). */
    public static Properties sinkClientProperties(Options.Values options) {
        return clientProperties(options, regionFor(options));
    }

    /**
     * AWS client properties for source and sinks: the {@code kinesis.} pass-through properties, then the
     * region and the endpoint override from the typed options, which win.
     */
    private static Properties clientProperties(Options.Values options, String region) {
        Map<String, String> passThrough = options.withPrefix(KinesisOptions.PROPERTY_PREFIX);
        refuseStaticCredentials(passThrough);
        Properties props = new Properties();
        props.putAll(passThrough);
        props.setProperty(AWS_REGION, region);
        String endpoint = options.get(KinesisOptions.ENDPOINT);
        if (endpoint != null && !endpoint.isBlank()) {
            props.setProperty(AWS_ENDPOINT, endpoint.trim());
            // The sinks' async client speaks HTTP/2 by default, which over plain http needs a server that takes
            // HTTP/2 without negotiation; local emulators (kinesalite, LocalStack) speak HTTP/1.1 only.
            if (endpoint.trim().toLowerCase(Locale.ROOT).startsWith("http://")) {
                props.putIfAbsent(AWS_HTTP_PROTOCOL_VERSION, "HTTP1_1");
            }
        }
        return props;
    }

    /**
     * Refuses properties that would put a credential into arguments or config files (they end up in
     * process listings, shell history and the job graph); the message names the key, never the value.
     */
    private static void refuseStaticCredentials(Map<String, String> passThrough) {
        for (Map.Entry<String, String> e : passThrough.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            boolean secretKey = key.contains("secret") || key.contains("accesskey") || key.contains("sessiontoken")
                    || key.contains("password");
            boolean basicProvider = key.startsWith(AWS_CREDENTIALS_PROVIDER)
                    && e.getValue() != null && e.getValue().trim().equalsIgnoreCase("BASIC");
            if (secretKey || basicProvider) {
                throw new IllegalArgumentException("--" + KinesisOptions.PROPERTY_PREFIX + e.getKey()
                        + " is refused: AWS credentials come only from the default provider chain (environment, "
                        + "system properties, web identity, profile, container or instance role), never from job options "
                        + "(docs/kinesis.md)");
            }
        }
    }

    private static String required(Options.Values options, Option<String> option) {
        String value = options.get(option);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + option.name() + " is required with --source kinesis");
        }
        return value.trim();
    }
}
