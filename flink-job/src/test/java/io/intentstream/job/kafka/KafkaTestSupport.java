package io.intentstream.job.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.cli.Options;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.ParseResult;
import io.intentstream.events.Rees46CsvParser;
import io.intentstream.events.ValidationRules;
import io.intentstream.job.JobOptions;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.connectors.ConnectorOptions;
import io.intentstream.job.connectors.ParquetArchive;
import io.intentstream.job.connectors.kafka.KafkaConnector;
import io.intentstream.job.pipeline.ModelInput;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.pipeline.ScoringPipeline;
import io.intentstream.job.runtime.JobEnvironment;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.testing.external.Await;
import io.intentstream.testing.external.KafkaBroker;
import io.intentstream.model.ModelBundle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Shorthands for the Kafka integration tests: the REES46 sample as Kafka messages, the job's options
 * against the test broker, the job graph exactly as {@code ScoringJob.main} builds it for
 * {@code --source kafka}, and readers for what comes out.
 */
final class KafkaTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Past the sample's last event by more than the session timeout (24 h): once read, every session closes. */
    static final String SENTINEL_TIME = "2019-10-03 00:00:00 UTC";

    private static List<String> sampleLines;

    private KafkaTestSupport() {}

    /** The sample's data rows, in file order (time order), without the header. */
    static synchronized List<String> sampleLines() {
        if (sampleLines == null) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(JobTestSupport.SAMPLE_EVENTS)), StandardCharsets.UTF_8))) {
                sampleLines = in.lines().filter(l -> !Rees46CsvParser.isHeader(l) && !l.isBlank()).collect(Collectors.toUnmodifiableList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sampleLines;
    }

    static ClickEvent parse(String line) {
        ParseResult r = new Rees46CsvParser(ValidationRules.defaults()).parse(line, 0L);
        if (!r.isValid()) {
            throw new IllegalArgumentException("not a valid sample line: " + line + " (" + r + ")");
        }
        return r.event();
    }

    /** Ids of the events that the job scores: every valid line once (content duplicates share an id). */
    static Set<String> scoredIds(List<String> lines) {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : lines) {
            ids.add(parse(line).eventId);
        }
        return ids;
    }

    /** Lines as messages keyed by user id, so that each user's events stay in order on one partition. */
    static List<ProducerRecord<String, String>> events(String topic, List<String> lines) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(lines.size());
        for (String line : lines) {
            records.add(new ProducerRecord<>(topic, parse(line).userId, line));
        }
        return records;
    }

    /**
     * One far-future event per partition. The watermark is the minimum over partitions, so every partition
     * needs one for the job to close the sessions of all earlier events. The sentinels are scored like any
     * event (arrival order, {@link #sentinelIds}); their own sessions stay open.
     */
    static List<ProducerRecord<String, String>> sentinels(String topic, int partitions) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            String user = "sentinel-" + p;
            records.add(new ProducerRecord<>(topic, p, user,
                    SENTINEL_TIME + ",view,1,1,,sentinel,1.00," + user + ",sentinel-session-" + p));
        }
        return records;
    }

    /** Ids of the {@link #sentinels}' events. */
    static Set<String> sentinelIds(int partitions) {
        Set<String> ids = new LinkedHashSet<>();
        for (ProducerRecord<String, String> r : sentinels("any", partitions)) {
            ids.add(parse(r.value()).eventId);
        }
        return ids;
    }

    /** Topic names of one test, so tests sharing a broker never read each other's output. */
    static final class Topics {
        final String events;
        final String scores;
        final String outcomes;
        final String deadLetters;

        Topics(String test) {
            events = test + "-events";
            scores = test + "-scores";
            outcomes = test + "-outcomes";
            deadLetters = test + "-dead-letters";
        }

        void create(KafkaBroker broker, int partitions) {
            broker.createTopics(partitions, events, scores, outcomes, deadLetters);
        }
    }

    /** The job's options for a Kafka run against the test broker, with checkpoints every second. */
    static Options.Values options(KafkaBroker broker, Topics topics, Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--source", "kafka",
                "--input-format", "rees46",
                "--kafka-bootstrap-servers", broker.bootstrapServers(),
                "--kafka-topics", topics.events,
                "--kafka-group-id", topics.events + "-scoring",
                "--kafka-scores-topic", topics.scores,
                "--kafka-outcomes-topic", topics.outcomes,
                "--kafka-dead-letters-topic", topics.deadLetters,
                "--kafka-transactional-id-prefix", topics.events,
                "--checkpoint-interval", "1s",
                "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString(),
                "--archive", dir.resolve("archive").toString()));
        args.addAll(Arrays.asList(extra));
        return JobOptions.options().parse(args.toArray(new String[0]));
    }

    /**
     * An environment on the test's MiniCluster with parallelism 2, the job's own configuration (RocksDB,
     * checkpoints) and a bounded fixed-delay restart strategy, so a broken recovery fails the test instead of
     * restarting forever.
     */
    static StreamExecutionEnvironment environment(Options.Values options) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        JobEnvironment.configure(env, options);
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(restart);
        return env;
    }

    /** The graph of {@code ScoringJob.main} for {@code --source kafka}: Kafka in, Kafka and the Parquet archive out. */
    static Outputs kafkaJob(StreamExecutionEnvironment env, Options.Values options, ModelBundle bundle) {
        return kafkaJob(env, options, bundle, UnaryOperator.identity());
    }

    /** The same graph with {@code beforeSinks} applied to the scores ahead of every sink. */
    static Outputs kafkaJob(StreamExecutionEnvironment env, Options.Values options, ModelBundle bundle,
            UnaryOperator<DataStream<ScoreRecord>> beforeSinks) {
        return kafkaJob(env, options, ModelInput.fixed(env, bundle), beforeSinks);
    }

    /** The same graph scoring with {@code models} (e.g. a registry's). */
    static Outputs kafkaJob(StreamExecutionEnvironment env, Options.Values options, ModelInput models,
            UnaryOperator<DataStream<ScoreRecord>> beforeSinks) {
        KafkaConnector kafka = new KafkaConnector(options);
        Outputs built = ScoringPipeline.build(kafka.source(env), models, options);
        Outputs outputs = built.withScores(beforeSinks.apply(built.scores()));
        kafka.attachSinks(outputs);
        ParquetArchive.attach(outputs, options.get(ConnectorOptions.ARCHIVE));
        return outputs;
    }

    /**
     * Cancels the job and waits until it has stopped: the cancel call only asks, and tasks still writing
     * into a test's temporary directory would make its cleanup fail.
     */
    static void cancel(JobClient job) throws Exception {
        job.cancel().get();
        Await.until(Duration.ofMinutes(2), "the job to stop", () -> {
            try {
                return job.getJobStatus().get().isGloballyTerminalState();
            } catch (Exception e) {
                // Once the job has ended, the cluster may no longer know it.
                return true;
            }
        });
    }

    static JsonNode json(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Event ids in the archive's committed scores files, one entry per row (duplicates kept). */
    static List<String> archivedScoreIds(Path archive) {
        Path scores = archive.resolve("scores");
        if (!Files.isDirectory(scores)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(scores)) {
            if (files.noneMatch(p -> p.getFileName().toString().endsWith(".parquet"))) {
                return List.of();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet r = st.executeQuery("SELECT event_id FROM read_parquet('" + scores + "/**/*.parquet', hive_partitioning = true)")) {
            List<String> ids = new ArrayList<>();
            while (r.next()) {
                ids.add(r.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive at " + scores, e);
        }
    }

    static Map<String, Long> counts(List<String> ids) {
        return ids.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    }
}
