package io.intentstream.job.kinesis;

import io.intentstream.job.JobTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.cli.Options;
import io.intentstream.job.CollectingSink;
import io.intentstream.job.JobOptions;
import io.intentstream.job.connectors.kinesis.KinesisConnector;
import io.intentstream.job.records.RawRecord;
import io.intentstream.testing.external.Kinesalite;
import io.intentstream.testing.external.KinesaliteExtension;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The job's Kinesis source alone (KinesisStreamsSource 4.3.0 against kinesalite, MiniCluster parallelism
 * 2): starting at a timestamp, and reading on through a shard split.
 */
class KinesisSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @RegisterExtension
    static final KinesaliteExtension KINESIS = new KinesaliteExtension();

    @Test
    void atTimestampStartsAfterEarlierRecords() throws Exception {
        String arn = KINESIS.kinesalite().createStream("from-timestamp", 1);
        KINESIS.kinesalite().put("from-timestamp", entries("old", 10));
        Instant lastOld = KINESIS.kinesalite().reader("from-timestamp").readNew().stream()
                .map(Record::approximateArrivalTimestamp).max(Comparator.naturalOrder()).orElseThrow();
        // The start lies strictly between the old records' arrival and the new ones': wait for the clock to pass it.
        Instant start = lastOld.plusMillis(1);
        Kinesalite.await(Duration.ofSeconds(30), "the clock to pass " + start,
                () -> Instant.now().isAfter(start.plusMillis(1)));
        KINESIS.kinesalite().put("from-timestamp", entries("new", 10));

        CollectingSink<RawRecord> sink = CollectingSink.named("kinesis-from-timestamp");
        JobClient job = runSource(sink, "--kinesis-stream", arn, "--kinesis-start-position", "at-timestamp",
                "--kinesis-start-timestamp", start.toString());
        List<RawRecord> read;
        try {
            Kinesalite.await(DEADLINE, "the 10 new records", () -> payloads(sink).containsAll(expected("new", 10)));
            read = sink.results();
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
        assertThat(read.stream().map(KinesisSourceITCase::payload)).containsExactlyInAnyOrderElementsOf(expected("new", 10));
    }

    @Test
    void childShardsOfASplitAreDiscoveredAndRead() throws Exception {
        String arn = KINESIS.kinesalite().createStream("resharded", 1);
        KINESIS.kinesalite().put("resharded", entries("before", 40));

        CollectingSink<RawRecord> sink = CollectingSink.named("kinesis-resharded");
        JobClient job = runSource(sink, "--kinesis-stream", arn, "--kinesis-start-position", "trim-horizon",
                "--kinesis.flink.shard.discovery.intervalmillis", "500");
        List<RawRecord> read;
        try {
            Kinesalite.await(DEADLINE, "the 40 records before the split", () -> payloads(sink).containsAll(expected("before", 40)));
            KINESIS.kinesalite().client().splitShard(b -> b.streamName("resharded").shardToSplit("shardId-000000000000")
                    .newStartingHashKey(BigInteger.TWO.pow(127).toString()));
            Kinesalite.await(Duration.ofSeconds(60), "the split to complete", () -> KINESIS.kinesalite().client()
                    .describeStreamSummary(b -> b.streamName("resharded")).streamDescriptionSummary()
                    .streamStatus() == StreamStatus.ACTIVE);
            KINESIS.kinesalite().put("resharded", entries("after", 40));
            Kinesalite.await(DEADLINE, "the 40 records after the split", () -> payloads(sink).containsAll(expected("after", 40)));
            read = sink.results();
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
        assertThat(read).as("each record once").hasSize(80);
        Map<String, String> shardOf = read.stream().collect(Collectors.toMap(KinesisSourceITCase::payload,
                r -> r.origin.split("/")[1], (a, b) -> a));
        assertThat(expected("before", 40)).allSatisfy(p -> assertThat(shardOf.get(p)).isEqualTo("shardId-000000000000"));
        assertThat(expected("after", 40).stream().map(shardOf::get).collect(Collectors.toSet()))
                .as("the records after the split are on both children")
                .containsExactlyInAnyOrder("shardId-000000000001", "shardId-000000000002");
        assertThat(read).allSatisfy(r -> assertThat(r.origin).matches("kinesis:resharded/shardId-00000000000[012]/\\d+"));
    }

    private static JobClient runSource(CollectingSink<RawRecord> sink, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--source", "kinesis", "--kinesis-endpoint", KINESIS.kinesalite().endpoint().toString()));
        all.addAll(List.of(args));
        Options.Values options = JobOptions.options().parse(all.toArray(new String[0]));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        new KinesisConnector(options).source(env).sinkTo(sink).name("collect");
        return env.executeAsync("kinesis source IT");
    }

    private static List<PutRecordsRequestEntry> entries(String prefix, int count) {
        return expected(prefix, count).stream().map(p -> Kinesalite.entry("key-" + p, p)).collect(Collectors.toList());
    }

    private static List<String> expected(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).collect(Collectors.toList());
    }

    private static Set<String> payloads(CollectingSink<RawRecord> sink) {
        return sink.results().stream().map(KinesisSourceITCase::payload).collect(Collectors.toSet());
    }

    private static String payload(RawRecord r) {
        return new String(r.bytes, StandardCharsets.UTF_8);
    }
}
