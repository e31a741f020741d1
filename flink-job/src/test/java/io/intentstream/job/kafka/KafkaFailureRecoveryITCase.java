package io.intentstream.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentstream.cli.Options;
import io.intentstream.job.JobTestSupport;
import io.intentstream.testing.external.Await;
import io.intentstream.testing.external.KafkaBroker;
import io.intentstream.testing.external.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failure in the middle of the stream and the recovery from the last completed checkpoint, in both
 * delivery modes (docs/delivery.md). The job runs unbounded with checkpoints every second; the injected
 * failure ({@link ScoreTap}) comes once a checkpoint has completed and the job has emitted scores since,
 * so the restored job must emit those scores again.
 *
 * <ul>
 *   <li>Exactly-once: every score is in the scores topic once for a {@code read_committed} consumer, and
 *       once in the Parquet archive.
 *   <li>At-least-once: every score is in the topic, and a score is there twice only if the failed attempt
 *       emitted it after the barrier of the checkpoint that the job restored; the restored job emits again
 *       exactly those scores, identical but for {@code scored_at}.
 * </ul>
 */
class KafkaFailureRecoveryITCase {
    /** Stages of a run, for reading a slow or stuck run's log. */
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFailureRecoveryITCase.class);

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    /** The first 3,000 events of the sample (until 02:23): enough for several checkpoints, small enough for two runs. */
    private static final int LINES = 3_000;
    /** Events produced before the job has completed a checkpoint; the rest come after it. */
    private static final int FIRST_PHASE = 1_000;
    private static final int FAIL_AFTER_SCORES = 50;
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    @Test
    void exactlyOnceEveryScoreIsOnceInTheCommittedTopicAndInTheArchive(@TempDir Path dir) throws Exception {
        Run run = runWithOneFailure("eo", "exactly-once", dir);

        assertThat(KafkaTestSupport.counts(run.topicIds)).as("scores per event id, read_committed")
                .containsOnlyKeys(run.expected).allSatisfy((id, n) -> assertThat(n).as("copies of %s", id).isEqualTo(1));
        assertThat(KafkaTestSupport.counts(run.archivedIds)).as("scores per event id, archive")
                .containsOnlyKeys(run.expected).allSatisfy((id, n) -> assertThat(n).as("archived copies of %s", id).isEqualTo(1));
        assertThat(run.emittedAgain()).as("scores the failed attempt emitted after the restored checkpoint").isNotEmpty();
    }

    @Test
    void atLeastOnceEveryScoreIsInTheTopicAndOnlyScoresEmittedAfterTheRestoredCheckpointRepeat(@TempDir Path dir)
            throws Exception {
        Run run = runWithOneFailure("alo", "at-least-once", dir);

        Map<String, Long> copies = KafkaTestSupport.counts(run.topicIds);
        assertThat(copies.keySet()).as("every event's score is in the topic").isEqualTo(run.expected);

        // The restored job emits again exactly what the failed attempt emitted after the restored checkpoint's
        // barrier (B), and nothing it emitted before it: the state at that barrier already held those.
        Set<String> afterBarrier = run.failedAttemptIds(true);
        Set<String> beforeBarrier = run.failedAttemptIds(false);
        Set<String> restoredAttemptIds = run.emissions.stream().filter(e -> e.attempt > 0)
                .map(e -> e.score.eventId).collect(Collectors.toSet());
        assertThat(afterBarrier).isNotEmpty();
        assertThat(run.emittedAgain()).isEqualTo(afterBarrier);
        assertThat(restoredAttemptIds).doesNotContainAnyElementsOf(beforeBarrier);

        // So a score is in the topic twice only if it belongs to B, and never more than twice after one failure.
        Set<String> duplicated = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(duplicated).as("duplicated scores (restored from checkpoint %d; emissions and records of the others: %s)",
                run.restoredCheckpoint, run.describe(duplicated, afterBarrier)).isSubsetOf(afterBarrier);
        assertThat(copies.values()).allMatch(n -> n <= 2);
        // Copies are the same score (same event, same features, same propensity): a consumer keeps either.
        Map<String, List<JsonNode>> byId = run.topicRecords.stream().map(r -> KafkaTestSupport.json(r.value()))
                .collect(Collectors.groupingBy(n -> n.get("event_id").asText()));
        for (String id : duplicated) {
            List<JsonNode> twins = byId.get(id);
            assertThat(twins.get(1).get("propensity").asDouble()).isEqualTo(twins.get(0).get("propensity").asDouble());
            assertThat(twins.get(1).get("session_id")).isEqualTo(twins.get(0).get("session_id"));
        }

        // The archive is a file sink, exactly-once whatever --delivery says.
        assertThat(KafkaTestSupport.counts(run.archivedIds)).containsOnlyKeys(run.expected)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    }

    /** What one run with a failure produced. */
    private static final class Run {
        Set<String> expected;
        long restoredCheckpoint;
        List<ScoreTap.Emission> emissions;
        List<ConsumerRecord<String, String>> topicRecords;
        List<String> topicIds;
        List<String> archivedIds;

        /** Ids the failed attempt emitted after ({@code true}) or before the barrier of the restored checkpoint. */
        Set<String> failedAttemptIds(boolean afterBarrier) {
            return emissions.stream().filter(e -> e.attempt == 0 && (e.epoch >= restoredCheckpoint) == afterBarrier)
                    .map(e -> e.score.eventId).collect(Collectors.toSet());
        }

        /** For a failure message: how each id outside {@code expectedIds} was emitted and where its copies are. */
        String describe(Set<String> ids, Set<String> expectedIds) {
            StringBuilder sb = new StringBuilder();
            for (String id : ids) {
                if (expectedIds.contains(id)) {
                    continue;
                }
                sb.append('\n').append(id).append(": emitted");
                emissions.stream().filter(e -> e.score.eventId.equals(id)).forEach(e -> sb.append(" [attempt ").append(e.attempt)
                        .append(", subtask ").append(e.subtask).append(", epoch ").append(e.epoch).append(']'));
                sb.append("; in the topic");
                topicRecords.stream().filter(r -> KafkaTestSupport.json(r.value()).get("event_id").asText().equals(id))
                        .forEach(r -> sb.append(" [partition ").append(r.partition()).append(", offset ").append(r.offset())
                                .append(", scored_at ").append(KafkaTestSupport.json(r.value()).get("scored_at")).append(']'));
            }
            return sb.toString();
        }

        /** Ids emitted by the failed attempt and again by the restored one. */
        Set<String> emittedAgain() {
            Set<String> first = emissions.stream().filter(e -> e.attempt == 0).map(e -> e.score.eventId).collect(Collectors.toSet());
            Set<String> again = new HashSet<>();
            for (ScoreTap.Emission e : emissions) {
                if (e.attempt > 0 && first.contains(e.score.eventId)) {
                    again.add(e.score.eventId);
                }
            }
            return again;
        }
    }

    private static Run runWithOneFailure(String name, String delivery, Path dir) throws Exception {
        KafkaTestSupport.Topics topics = new KafkaTestSupport.Topics(name);
        topics.create(KAFKA, 2);
        List<String> lines = KafkaTestSupport.sampleLines().subList(0, LINES);
        Run run = new Run();
        run.expected = KafkaTestSupport.scoredIds(lines);
        run.expected.addAll(KafkaTestSupport.sentinelIds(2));
        ScoreTap.Log log = ScoreTap.newLog(name);
        boolean readCommitted = delivery.equals("exactly-once");

        KAFKA.produce(KafkaTestSupport.events(topics.events, lines.subList(0, FIRST_PHASE)));
        Options.Values options = KafkaTestSupport.options(KAFKA, topics, dir, "--delivery", delivery,
                "--kafka-starting-offsets", "earliest");
        StreamExecutionEnvironment env = KafkaTestSupport.environment(options);
        // The tap goes ahead of the sinks: beside them it could miss a score that a sink wrote just before the
        // failure cancelled the task.
        KafkaTestSupport.kafkaJob(env, options, JobTestSupport.sampleBundle(),
                scores -> ScoreTap.inline(scores, name, "only", FAIL_AFTER_SCORES));
        JobClient job = env.executeAsync("kafka failure and recovery, " + delivery);
        try (TopicReader reader = new TopicReader(KAFKA, topics.scores, readCommitted)) {
            // The rest of the events only once every subtask has seen a checkpoint complete that covers some of its
            // scores: then the scores of the rest can trigger the failure on either subtask. Waiting for any completed
            // checkpoint was not enough: one that completed before the first scores armed no subtask, and the rest
            // could all be scored before the next one completed, so no failure came
            // (seen once in a full test run).
            Await.until(DEADLINE, "both subtasks armed to fail",
                    () -> log.armedSubtasks.size() == 2 || log.failureInjected.get());
            List<ProducerRecord<String, String>> rest = new ArrayList<>(KafkaTestSupport.events(topics.events, lines.subList(FIRST_PHASE, LINES)));
            rest.addAll(KafkaTestSupport.sentinels(topics.events, 2));
            KAFKA.produce(rest);
            LOG.info("{}: all events produced", name);

            Await.until(DEADLINE, "the injected failure (armed subtasks: " + log.armedSubtasks + ")", log.failureInjected::get);
            Await.until(DEADLINE, "a restored attempt that emits every score",
                    () -> log.emittedIds().containsAll(run.expected));
            LOG.info("{}: failure injected, every score emitted", name);
            Await.until(DEADLINE, "every score in the topic", () -> {
                reader.poll();
                return ids(reader.records()).containsAll(run.expected);
            });
            LOG.info("{}: every score in the topic", name);
            // Everything is emitted; two more checkpoints commit (or flush) whatever is still open, then read it all.
            long seen = log.latestCompleted();
            Await.until(DEADLINE, "two more checkpoints", () -> log.latestCompleted() >= seen + 2);
            reader.readToEnd();
            Await.until(DEADLINE, "every score in the archive",
                    () -> run.expected.stream().allMatch(new HashSet<>(KafkaTestSupport.archivedScoreIds(dir.resolve("archive")))::contains));
            LOG.info("{}: every score in the archive", name);
            // The source commits its offsets to the group on completed checkpoints (for monitoring, and for
            // --kafka-starting-offsets committed-or-earliest): by now it has read everything.
            Map<TopicPartition, Long> end = KAFKA.endOffsets(topics.events);
            Await.until(DEADLINE, "the group's committed offsets at the end of the events",
                    () -> KAFKA.committedOffsets(topics.events + "-scoring").equals(end));

            run.topicRecords = reader.records();
            run.topicIds = run.topicRecords.stream().map(r -> KafkaTestSupport.json(r.value()).get("event_id").asText())
                    .collect(Collectors.toList());
            run.archivedIds = KafkaTestSupport.archivedScoreIds(dir.resolve("archive"));
        } finally {
            KafkaTestSupport.cancel(job);
        }
        run.emissions = log.emissions();
        assertThat(log.restoredFrom).as("restored attempts and their checkpoints").containsOnlyKeys(1);
        run.restoredCheckpoint = log.restoredFrom.get(1);
        return run;
    }

    private static Set<String> ids(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> KafkaTestSupport.json(r.value()).get("event_id").asText()).collect(Collectors.toSet());
    }
}
