package io.intentstream.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.cli.Options;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFormat;
import io.intentstream.events.Rees46CsvParser;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionState;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.testing.external.Await;
import io.intentstream.testing.external.KafkaBroker;
import io.intentstream.testing.external.TopicReader;
import io.intentstream.model.ModelBundle;
import io.intentstream.replay.EventPartitions;
import io.intentstream.replay.HistoryReplay;
import io.intentstream.replay.ReplayListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop-with-savepoint in the middle of the stream and a restart of the same job graph from the savepoint,
 * with more events produced while the job is down, exactly-once. Sessions open at the savepoint go on with
 * the features they had accumulated (and events still waiting for the watermark are applied after the
 * restart); no score is lost or repeated.
 */
class KafkaSavepointITCase {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    private static final int LINES = 3_000;
    /** Events produced before the savepoint; the rest are produced while the job is stopped (83 sessions span both). */
    private static final int BEFORE = 1_500;
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    @TempDir
    Path tmp;

    @Test
    void sessionsContinueAcrossStopWithSavepointAndRestoreWithoutLossOrRepeat() throws Exception {
        KafkaTestSupport.Topics topics = new KafkaTestSupport.Topics("savepoint");
        topics.create(KAFKA, 2);
        List<String> lines = KafkaTestSupport.sampleLines().subList(0, LINES);
        List<String> before = lines.subList(0, BEFORE);
        Set<String> expected = KafkaTestSupport.scoredIds(lines);
        expected.addAll(KafkaTestSupport.sentinelIds(2));
        ScoreTap.Log log = ScoreTap.newLog("savepoint");
        ModelBundle bundle = JobTestSupport.sampleBundle();
        Options.Values options = KafkaTestSupport.options(KAFKA, topics, tmp, "--delivery", "exactly-once",
                "--kafka-starting-offsets", "earliest");

        KAFKA.produce(KafkaTestSupport.events(topics.events, before));
        JobClient first = submit(options, bundle, "before", null);
        // The job has read the first events once it has scored every one older than the watermark delay.
        long newest = before.stream().mapToLong(l -> KafkaTestSupport.parse(l).eventTime).max().orElseThrow();
        Set<String> settled = before.stream().map(KafkaTestSupport::parse).filter(e -> e.eventTime < newest - 10_000)
                .map(e -> e.eventId).collect(Collectors.toSet());
        Await.until(DEADLINE, "scores of the first events", () -> log.emittedIds().containsAll(settled));
        String savepoint = first.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        Await.until(DEADLINE, "the first job to finish", () -> status(first) == JobStatus.FINISHED);
        // Stopping with a savepoint commits: what the first job emitted becomes visible without a restart.
        // Visible, not at once: Kafka acknowledges a commit before it has written the commit markers that
        // let read_committed consumers past the transaction, so the topic is read until it catches up.
        Set<String> emittedBeforeStop = log.emittedIds();
        Await.until(DEADLINE, "the first job's scores in the committed topic",
                () -> ids(KAFKA.readAll(topics.scores, true)).containsAll(emittedBeforeStop));
        assertThat(ids(KAFKA.readAll(topics.scores, true))).isEqualTo(emittedBeforeStop);

        List<ProducerRecord<String, String>> rest = new ArrayList<>(KafkaTestSupport.events(topics.events, lines.subList(BEFORE, LINES)));
        rest.addAll(KafkaTestSupport.sentinels(topics.events, 2));
        KAFKA.produce(rest);
        JobClient second = submit(options, bundle, "after", savepoint);
        List<ConsumerRecord<String, String>> committed;
        try (TopicReader reader = new TopicReader(KAFKA, topics.scores, true)) {
            Await.until(DEADLINE, "every score in the topic", () -> {
                reader.poll();
                return ids(reader.records()).containsAll(expected);
            });
            long seen = log.latestCompleted();
            Await.until(DEADLINE, "two more checkpoints", () -> log.latestCompleted() >= seen + 2);
            reader.readToEnd();
            committed = reader.records();
        } finally {
            KafkaTestSupport.cancel(second);
        }

        // Nothing lost, nothing repeated: in the committed topic, and as the scoring operator emitted them.
        List<String> topicIds = committed.stream().map(r -> KafkaTestSupport.json(r.value()).get("event_id").asText())
                .collect(Collectors.toList());
        assertThat(KafkaTestSupport.counts(topicIds)).containsOnlyKeys(expected).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        List<ScoreTap.Emission> emissions = log.emissions();
        assertThat(KafkaTestSupport.counts(emissions.stream().map(e -> e.score.eventId).collect(Collectors.toList())))
                .containsOnlyKeys(expected).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));

        // A session open at the savepoint counts its earlier events in the first score after the restart.
        Map<String, List<ScoreTap.Emission>> bySession = emissions.stream()
                .collect(Collectors.groupingBy(e -> e.score.userId + "/" + e.score.sessionId));
        int spanning = 0;
        for (List<ScoreTap.Emission> session : bySession.values()) {
            long beforeRestart = session.stream().filter(e -> e.run.equals("before")).count();
            List<ScoreTap.Emission> after = session.stream().filter(e -> e.run.equals("after"))
                    .sorted((a, b) -> Float.compare(a.score.features[FeatureSchema.EVENT_COUNT], b.score.features[FeatureSchema.EVENT_COUNT]))
                    .collect(Collectors.toList());
            if (beforeRestart > 0 && !after.isEmpty()) {
                spanning++;
                assertThat(after.get(0).score.features[FeatureSchema.EVENT_COUNT])
                        .as("event_count of the first score after the restart in %s", after.get(0).score.sessionId)
                        .isEqualTo(beforeRestart + 1f);
            }
        }
        assertThat(spanning).as("sessions with scores before and after the restart").isGreaterThanOrEqualTo(20);

        // And every feature of every score equals an uninterrupted replay of the same events.
        List<String> replayed = new ArrayList<>(lines);
        KafkaTestSupport.sentinels(topics.events, 2).forEach(r -> replayed.add(r.value()));
        Map<String, float[]> replay = replayFeatures(replayed, bundle);
        for (ScoreTap.Emission e : emissions) {
            assertThat(Arrays.equals(e.score.features, replay.get(e.score.eventId)))
                    .as("features of %s (%s): job %s, replay %s", e.score.eventId, e.run, Arrays.toString(e.score.features),
                            Arrays.toString(replay.get(e.score.eventId)))
                    .isTrue();
        }
    }

    /** The same job graph (same uids) each time, from the savepoint if one is given. */
    private static JobClient submit(Options.Values options, ModelBundle bundle, String run, String savepoint) throws Exception {
        StreamExecutionEnvironment env = KafkaTestSupport.environment(options);
        Outputs outputs = KafkaTestSupport.kafkaJob(env, options, bundle);
        ScoreTap.attach(outputs.scores(), "savepoint", run, 0);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("kafka savepoint, " + run);
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        return env.executeAsync(graph);
    }

    private static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, float[]> replayFeatures(List<String> lines, ModelBundle bundle) throws Exception {
        Path file = tmp.resolve("replayed.csv");
        List<String> withHeader = new ArrayList<>();
        withHeader.add(Rees46CsvParser.HEADER);
        withHeader.addAll(lines);
        Files.write(file, withHeader);
        Map<String, float[]> features = new HashMap<>();
        HistoryReplay replay = new HistoryReplay(bundle.metadata().featureConfig.toConfig());
        try (EventPartitions history = EventPartitions.read(file, EventFormat.REES46_CSV, ValidationRules.defaults(),
                Integer.MAX_VALUE, 1, tmp)) {
            for (List<ClickEvent> partition : history.partitions()) {
                replay.replay(partition, new ReplayListener() {
                    @Override
                    public void applied(ClickEvent event, SessionState session, float[] vector) {
                        features.put(event.eventId, vector.clone());
                    }

                    @Override
                    public void sessionClosed(SessionState session) {}
                });
            }
        }
        return features;
    }

    private static Set<String> ids(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> KafkaTestSupport.json(r.value()).get("event_id").asText()).collect(Collectors.toSet());
    }
}
