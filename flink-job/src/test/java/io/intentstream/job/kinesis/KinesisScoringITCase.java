package io.intentstream.job.kinesis;

import io.intentstream.job.pipeline.ModelInput;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.pipeline.ScoringPipeline;
import io.intentstream.job.runtime.RuntimeOptions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.cli.Options;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFormat;
import io.intentstream.events.LineParser;
import io.intentstream.events.ParseResult;
import io.intentstream.events.ValidationRules;
import io.intentstream.job.JobOptions;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.connectors.kinesis.KinesisConnector;
import io.intentstream.testing.external.Kinesalite;
import io.intentstream.testing.external.KinesaliteExtension;
import io.intentstream.model.ModelBundle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The whole job between real Kinesis streams in kinesalite, on a MiniCluster with parallelism 2: REES46
 * rows put into a two-shard event stream with a plain Kinesis client are read by the job's
 * KinesisStreamsSource; every valid row's score, every closed session's outcome and every malformed row's
 * dead letter (with its reason and its exact shard and sequence number) is read back with GetRecords from
 * the streams the job's KinesisStreamsSinks write.
 */
class KinesisScoringITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    /** Enough rows for many users and sessions on both shards, few enough for a quick run. */
    private static final int ROWS = 1500;
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows three days after the sample, one per shard: they move the watermark past every sample row. */
    static final List<String> WATERMARK_ROWS = List.of(
            "2019-10-04 00:00:00 UTC,view,1,2,,brand,1.00,999000003,watermark-a",
            "2019-10-04 00:00:00 UTC,view,1,2,,brand,1.00,999000004,watermark-b");

    @RegisterExtension
    static final KinesaliteExtension KINESIS = new KinesaliteExtension();

    @Test
    void eventsInKinesisComeOutAsScoresOutcomesAndDeadLettersInKinesis() throws Exception {
        String eventsArn = KINESIS.kinesalite().createStream("events", 2);
        KINESIS.kinesalite().createStream("scores", 2);
        KINESIS.kinesalite().createStream("outcomes", 1);
        KINESIS.kinesalite().createStream("dead-letters", 1);
        assertThat(eventsArn).isEqualTo(Kinesalite.arn("events"));

        List<String> rows = sampleRows(ROWS);
        Expected expected = Expected.of(rows);
        assertThat(expected.users).as("both shards get events").hasSizeGreaterThan(100);

        // Partition key = user id: a user's events stay in order on one shard, as producers should do it.
        KINESIS.kinesalite().put("events", rows.stream().map(r -> Kinesalite.entry(r.split(",", -1)[7], r)).collect(Collectors.toList()));

        Map<String, String> malformed = new LinkedHashMap<>();
        malformed.put("this is not a REES46 row", "invalid_csv");
        malformed.put("2019-10-01 00:30:00 UTC,teleport,1,2,,brand,1.00,999000001,dead-letter-session", "unknown_event_type");
        malformed.put("yesterday,view,1,2,,brand,1.00,999000002,dead-letter-session", "invalid_event_time");
        List<PutRecordsRequestEntry> bad = new ArrayList<>();
        malformed.keySet().forEach(raw -> bad.add(Kinesalite.entry("malformed-" + raw.hashCode(), raw)));
        List<PutRecordsResultEntry> badResults = KINESIS.kinesalite().put("events", bad);
        Map<String, String> originOfMalformed = new HashMap<>();
        int i = 0;
        for (String raw : malformed.keySet()) {
            PutRecordsResultEntry put = badResults.get(i++);
            originOfMalformed.put(raw, "kinesis:events/" + put.shardId() + "/" + put.sequenceNumber());
        }

        // One event three days later on each shard moves both source subtasks' watermarks past every row, so every
        // session (24 h timeout) closes while the job keeps running. Those two are scored too; their sessions stay open.
        KINESIS.kinesalite().put("events", List.of(
                Kinesalite.entryWithHashKey(Kinesalite.FIRST_SHARD_HASH_KEY, WATERMARK_ROWS.get(0)),
                Kinesalite.entryWithHashKey(Kinesalite.LAST_SHARD_HASH_KEY, WATERMARK_ROWS.get(1))));
        expected.scoredToo(WATERMARK_ROWS);

        Options.Values options = JobOptions.options().parse(new String[] {
            "--source", "kinesis",
            "--input-format", "rees46",
            "--kinesis-stream", eventsArn,
            "--kinesis-endpoint", KINESIS.kinesalite().endpoint().toString(),
            "--kinesis-start-position", "trim-horizon",
            "--kinesis-scores-stream", "scores",
            "--kinesis-outcomes-stream", "outcomes",
            "--kinesis-dead-letters-stream", "dead-letters",
            "--checkpoint-interval", "2s",
            // Each subtask reads one shard to its watermark-moving last event; no subtask needs to go idle, and
            // a long idleness keeps a subtask that a busy machine stalls from being overtaken (its rows would be late).
            "--source-idleness", "10m",
        });
        ModelBundle bundle = JobTestSupport.sampleBundle();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        // Checkpoints on, so the sinks flush on them as in production (state backend: the MiniCluster's default).
        env.enableCheckpointing(options.get(RuntimeOptions.CHECKPOINT_INTERVAL).toMillis());
        Outputs outputs = ScoringPipeline.build(new KinesisConnector(options).source(env), ModelInput.fixed(env, bundle), options);
        new KinesisConnector(options).attachSinks(outputs);
        JobClient job = env.executeAsync("kinesis scoring IT");

        Kinesalite.StreamReader scoresReader = KINESIS.kinesalite().reader("scores");
        Kinesalite.StreamReader outcomesReader = KINESIS.kinesalite().reader("outcomes");
        Kinesalite.StreamReader deadLettersReader = KINESIS.kinesalite().reader("dead-letters");
        List<Record> scores = new ArrayList<>();
        List<Record> outcomes = new ArrayList<>();
        List<Record> deadLetters = new ArrayList<>();
        try {
            Kinesalite.await(DEADLINE, () -> "all scores, outcomes and dead letters in kinesalite; read so far: " + scores.size()
                    + " of " + expected.eventIds.size() + " scores, " + outcomes.size() + " of " + expected.sessions.size()
                    + " outcomes, " + deadLetters.size() + " of " + malformed.size() + " dead letters; kinesalite said:\n"
                    + KINESIS.kinesalite().recentOutput(), () -> {
                failIfEnded(job);
                scores.addAll(scoresReader.readNew());
                outcomes.addAll(outcomesReader.readNew());
                deadLetters.addAll(deadLettersReader.readNew());
                return scores.size() >= expected.eventIds.size() && outcomes.size() >= expected.sessions.size()
                        && deadLetters.size() >= malformed.size();
            });
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }

        Set<String> scoredIds = new HashSet<>();
        for (Record r : scores) {
            JsonNode score = JSON.readTree(r.data().asUtf8String());
            assertThat(score.fieldNames()).toIterable().containsExactly("event_id", "session_id", "user_id", "event_time",
                    "scored_at", "model_version", "arm", "propensity");
            assertThat(r.partitionKey()).as("partition key is the session id").isEqualTo(score.get("session_id").asText());
            assertThat(score.get("model_version").asText()).isEqualTo(bundle.metadata().modelVersion);
            assertThat(score.get("propensity").asDouble()).isBetween(0.0, 1.0);
            boolean watermarkRow = score.get("session_id").asText().startsWith("watermark-");
            assertThat(Instant.parse(score.get("event_time").asText()).isBefore(Instant.parse("2019-10-02T00:00:00Z")))
                    .as("event time of %s", score).isNotEqualTo(watermarkRow);
            scoredIds.add(score.get("event_id").asText());
        }
        assertThat(scoredIds).isEqualTo(expected.eventIds);
        // No failure happened, so at-least-once delivered each score exactly once here.
        assertThat(scores).hasSize(expected.eventIds.size());

        Set<String> closedSessions = new HashSet<>();
        int outcomeEvents = 0;
        for (Record r : outcomes) {
            JsonNode o = JSON.readTree(r.data().asUtf8String());
            assertThat(o.fieldNames()).toIterable().containsExactly("session_id", "user_id", "first_event_time",
                    "last_event_time", "event_count", "converted", "first_purchase_time",
                    "last_propensity_before_conversion", "model_version", "arm", "judged_bot");
            assertThat(r.partitionKey()).isEqualTo(o.get("session_id").asText());
            assertThat(Instant.parse(o.get("first_event_time").asText()))
                    .isBeforeOrEqualTo(Instant.parse(o.get("last_event_time").asText()));
            assertThat(o.get("first_purchase_time").isNull()).isEqualTo(!o.get("converted").asBoolean());
            closedSessions.add(o.get("user_id").asText() + "/" + o.get("session_id").asText());
            outcomeEvents += o.get("event_count").asInt();
        }
        assertThat(closedSessions).isEqualTo(expected.sessions);
        assertThat(outcomeEvents).as("events of the closed sessions (the watermark rows' stay open)")
                .isEqualTo(expected.eventIds.size() - WATERMARK_ROWS.size());

        Map<String, JsonNode> deadLetterByRaw = new HashMap<>();
        for (Record r : deadLetters) {
            JsonNode d = JSON.readTree(r.data().asUtf8String());
            deadLetterByRaw.put(d.get("raw").asText(), d);
        }
        assertThat(deadLetterByRaw.keySet()).isEqualTo(malformed.keySet());
        malformed.forEach((raw, reason) -> {
            JsonNode d = deadLetterByRaw.get(raw);
            assertThat(d.get("reason").asText()).as("reason of %s", raw).isEqualTo(reason);
            assertThat(d.get("origin").asText()).as("origin of %s", raw).isEqualTo(originOfMalformed.get(raw));
            assertThat(d.get("detail").isNull()).as("detail of %s", raw).isFalse();
        });
    }

    /** Fails at once, with the job's own failure, when the job ended instead of running on. */
    private static void failIfEnded(JobClient job) {
        if (job.getJobStatus().join().isGloballyTerminalState()) {
            try {
                job.getJobExecutionResult().join();
            } catch (RuntimeException e) {
                throw new AssertionError("the job failed", e);
            }
            throw new AssertionError("the job ended although its Kinesis source is unbounded");
        }
    }

    static List<String> sampleRows(int count) throws IOException {
        List<String> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(JobTestSupport.SAMPLE_EVENTS)), StandardCharsets.UTF_8))) {
            in.readLine(); // header
            String line;
            while (rows.size() < count && (line = in.readLine()) != null) {
                rows.add(line);
            }
        }
        return rows;
    }

    /** What the job must produce for the rows, computed with the same parser outside Flink. */
    static final class Expected {
        final Set<String> eventIds = new HashSet<>();
        final Set<String> sessions = new HashSet<>();
        final Set<String> users = new HashSet<>();

        static Expected of(List<String> rows) {
            Expected e = new Expected();
            LineParser parser = EventFormat.REES46_CSV.lineParser(ValidationRules.defaults());
            for (String row : rows) {
                ParseResult result = parser.parse(row, System.currentTimeMillis());
                assertThat(result.isValid()).as("sample row %s", row).isTrue();
                ClickEvent event = result.event();
                e.eventIds.add(event.eventId);
                e.sessions.add(event.userId + "/" + event.sessionId);
                e.users.add(event.userId);
            }
            return e;
        }

        /** Rows whose events are scored but whose sessions stay open while the job runs. */
        void scoredToo(List<String> rows) {
            LineParser parser = EventFormat.REES46_CSV.lineParser(ValidationRules.defaults());
            for (String row : rows) {
                eventIds.add(parser.parse(row, System.currentTimeMillis()).event().eventId);
            }
        }
    }
}
