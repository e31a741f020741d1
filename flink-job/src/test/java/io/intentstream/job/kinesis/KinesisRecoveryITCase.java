package io.intentstream.job.kinesis;

import io.intentstream.job.pipeline.ModelInput;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.pipeline.ScoringPipeline;
import io.intentstream.job.runtime.RuntimeOptions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.cli.Options;
import io.intentstream.job.JobOptions;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.connectors.kinesis.KinesisConnector;
import io.intentstream.job.records.RawRecord;
import io.intentstream.testing.external.Kinesalite;
import io.intentstream.testing.external.KinesaliteExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * At-least-once between Kinesis streams across a failure: the job fails once mid-stream (an injected
 * exception after checkpoints have completed), restarts from its last checkpoint, and every row's score
 * is in the scores stream at least once; a score already written before that checkpoint is not written
 * again, so duplicates are limited to what was replayed since the checkpoint.
 */
class KinesisRecoveryITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    private static final int ROWS = 600;
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final String FAILURE_MARKER = "fail here once";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final KinesaliteExtension KINESIS = new KinesaliteExtension();

    @Test
    void aFailureMidStreamLosesNoScoreAndRepeatsNoneFromBeforeTheCheckpoint() throws Exception {
        String eventsArn = KINESIS.kinesalite().createStream("recovery-events", 2);
        KINESIS.kinesalite().createStream("recovery-scores", 2);
        KINESIS.kinesalite().createStream("recovery-outcomes", 1);
        List<String> rows = KinesisScoringITCase.sampleRows(ROWS);
        KinesisScoringITCase.Expected expected = KinesisScoringITCase.Expected.of(rows);
        KINESIS.kinesalite().put("recovery-events", rows.stream().map(r -> Kinesalite.entry(r.split(",", -1)[7], r))
                .collect(Collectors.toList()));

        Options.Values options = JobOptions.options().parse(new String[] {
            "--source", "kinesis",
            "--input-format", "rees46",
            "--kinesis-stream", eventsArn,
            "--kinesis-endpoint", KINESIS.kinesalite().endpoint().toString(),
            "--kinesis-scores-stream", "recovery-scores",
            "--kinesis-outcomes-stream", "recovery-outcomes",
            "--checkpoint-interval", "1s",
            "--source-idleness", "10m",
        });
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(options.get(RuntimeOptions.CHECKPOINT_INTERVAL).toMillis());
        FailOnceOnMarker.reset();
        Outputs outputs = ScoringPipeline.build(
                new KinesisConnector(options).source(env).map(new FailOnceOnMarker()).uid("inject-failure").name("inject failure"),
                ModelInput.fixed(env, JobTestSupport.sampleBundle()), options);
        new KinesisConnector(options).attachSinks(outputs);
        JobClient job = env.executeAsync("kinesis recovery IT");

        Kinesalite.StreamReader scoresReader = KINESIS.kinesalite().reader("recovery-scores");
        Kinesalite.StreamReader outcomesReader = KINESIS.kinesalite().reader("recovery-outcomes");
        List<Record> scores = new ArrayList<>();
        List<Record> outcomes = new ArrayList<>();
        Set<String> writtenBeforeCheckpoint;
        try {
            Kinesalite.await(DEADLINE, () -> "a first 100 scores (read " + scores.size() + ")", () -> {
                scores.addAll(scoresReader.readNew());
                return scores.size() >= 100;
            });
            writtenBeforeCheckpoint = eventIds(scores).keySet();
            // Checkpoints run one at a time: the second to complete from now was triggered after these scores
            // were read, so its barrier follows them and a restore from it never replays them.
            long seen = FailOnceOnMarker.LAST_COMPLETED_CHECKPOINT.get();
            Kinesalite.await(DEADLINE, "two more completed checkpoints",
                    () -> FailOnceOnMarker.LAST_COMPLETED_CHECKPOINT.get() >= seen + 2);

            KINESIS.kinesalite().put("recovery-events", List.of(
                    Kinesalite.entryWithHashKey(Kinesalite.FIRST_SHARD_HASH_KEY, FAILURE_MARKER),
                    Kinesalite.entryWithHashKey(Kinesalite.FIRST_SHARD_HASH_KEY, KinesisScoringITCase.WATERMARK_ROWS.get(0)),
                    Kinesalite.entryWithHashKey(Kinesalite.LAST_SHARD_HASH_KEY, KinesisScoringITCase.WATERMARK_ROWS.get(1))));
            expected.scoredToo(KinesisScoringITCase.WATERMARK_ROWS);

            Kinesalite.await(DEADLINE, () -> "every score and outcome after the restart; read " + eventIds(scores).size()
                    + " of " + expected.eventIds.size() + " distinct scores, " + outcomes.size() + " of "
                    + expected.sessions.size() + " outcomes", () -> {
                        scores.addAll(scoresReader.readNew());
                        outcomes.addAll(outcomesReader.readNew());
                        return eventIds(scores).keySet().containsAll(expected.eventIds)
                                && outcomes.size() >= expected.sessions.size();
                    });
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }

        assertThat(FailOnceOnMarker.FAILED.get()).as("the injected failure happened").isTrue();
        Map<String, Integer> copies = eventIds(scores);
        assertThat(copies.keySet()).isEqualTo(expected.eventIds);
        Set<String> duplicated = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(duplicated).as("scores written before the restored checkpoint").doesNotContainAnyElementsOf(writtenBeforeCheckpoint);

        Set<String> sessions = new HashSet<>();
        for (Record r : outcomes) {
            var o = JSON.readTree(r.data().asUtf8String());
            sessions.add(o.get("user_id").asText() + "/" + o.get("session_id").asText());
        }
        assertThat(sessions).isEqualTo(expected.sessions);
    }

    /** Event id to number of copies in the scores stream. */
    private static Map<String, Integer> eventIds(List<Record> scores) {
        Map<String, Integer> copies = new HashMap<>();
        for (Record r : scores) {
            try {
                copies.merge(JSON.readTree(r.data().asUtf8String()).get("event_id").asText(), 1, Integer::sum);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + r.data().asUtf8String(), e);
            }
        }
        return copies;
    }

    /** Passes records through, but throws once on the marker record; also tracks completed checkpoints. */
    static final class FailOnceOnMarker implements MapFunction<RawRecord, RawRecord>, CheckpointListener {
        private static final long serialVersionUID = 1L;
        // Static: the MiniCluster runs in this JVM, and the flag must survive the restart of the task.
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicLong LAST_COMPLETED_CHECKPOINT = new AtomicLong();

        static void reset() {
            FAILED.set(false);
            LAST_COMPLETED_CHECKPOINT.set(0);
        }

        @Override
        public RawRecord map(RawRecord record) {
            if (FAILURE_MARKER.equals(new String(record.bytes, StandardCharsets.UTF_8)) && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at " + record.origin);
            }
            return record;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            LAST_COMPLETED_CHECKPOINT.accumulateAndGet(checkpointId, Math::max);
        }
    }
}
