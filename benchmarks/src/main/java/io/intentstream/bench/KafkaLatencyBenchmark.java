package io.intentstream.bench;

import static io.intentstream.generator.GeneratorOptions.DURATION;
import static io.intentstream.generator.GeneratorOptions.MAX_EVENTS;
import static io.intentstream.generator.GeneratorOptions.SEED;
import static io.intentstream.generator.GeneratorOptions.USERS;

import io.intentstream.job.connectors.ConnectorOptions;
import io.intentstream.job.connectors.ParquetArchive;
import io.intentstream.job.pipeline.ModelInput;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.pipeline.ScoringPipeline;
import io.intentstream.job.runtime.JobEnvironment;
import io.intentstream.job.runtime.RuntimeOptions;
import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.Timestamps;
import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import io.intentstream.job.JobOptions;
import io.intentstream.job.connectors.kafka.KafkaConnector;
import io.intentstream.testing.external.KafkaBroker;
import io.intentstream.model.ModelBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * End-to-end latency through a real (in-process) Kafka broker: events produced at a fixed rate with their
 * send time as event time, scored by the job on a local MiniCluster with the job's own defaults (unless
 * {@code --job-args} says otherwise), read back from the scores topic. The events topic has {@value #PARTITIONS}
 * partitions and only the even ones carry events: the Kafka source hands partitions to its two readers in turn,
 * so one reader has nothing to read, as when the partitions it reads go quiet at night.
 * Latency = when the consumer received the score minus when the event was sent (one clock, milliseconds);
 * for at-least-once also the score's broker timestamp minus the send time. Prints percentiles of the measured
 * window, which follows a warm-up long enough for the job's start-up to pass, and the warm-up's apart.
 */
public final class KafkaLatencyBenchmark {
    static final Option<Integer> RATE = Option.integer("rate", 5_000, "events per second produced");
    static final Option<Duration> WARMUP = Option.duration("warmup", Duration.ofMinutes(1),
            "production before measuring: the job's start-up passes in it (the idle partitions hold the watermark for the "
                    + "job's --source-idleness, 30 s, and the JIT compiles for about a minute on 2 vCPUs); its latency is "
                    + "printed apart");
    static final Option<Duration> MEASURE = Option.duration("measure", Duration.ofMinutes(3),
            "measured production: three of the job's default checkpoint intervals, so the figures hold the pauses "
                    + "checkpoints cause at the rate they come");
    static final Option<String> MODES = Option.string("modes", "at-least-once,exactly-once", "delivery modes to run");
    static final Option<Duration> EXACTLY_ONCE_CHECKPOINTS = Option.duration("exactly-once-checkpoint-interval",
            Duration.ofSeconds(1), "checkpoint interval of the exactly-once run (its results become visible at checkpoints; "
                    + "the at-least-once run keeps the job's default)");
    static final Option<String> MODEL = Option.string("model", "samples/model", "model bundle");
    static final Option<String> JOB_ARGS = Option.string("job-args", "",
            "job options of every run, space-separated; none: the job's defaults");

    static final Option<String> FLINK_CONFIG = Option.string("flink-config", "",
            "more Flink configuration of the local cluster, comma-separated key=value pairs");
    static final Option<Boolean> ARCHIVE = Option.bool("archive", true, "also write the Parquet archive, as the job does");
    static final Option<String> TIMELINE = Option.string("timeline", "",
            "also write every measured score as 'mode,sent at (epoch ms),received - sent (ms)' to this CSV file, to line slow "
                    + "scores up with checkpoints and GC pauses");

    private static final String EVENTS_TOPIC = "clickstream";
    private static final String SCORES_TOPIC = "intentstream-scores";
    /** Partitions of the events topic; events go to the even ones, the odd ones (one reader's) stay idle. */
    static final int PARTITIONS = 4;

    private KafkaLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = new Options("bin/intentstream bench latency", "End-to-end latency through Kafka at a fixed rate.")
                .add(RATE).add(WARMUP).add(MEASURE).add(MODES).add(EXACTLY_ONCE_CHECKPOINTS).add(MODEL).add(JOB_ARGS)
                .add(ARCHIVE).add(FLINK_CONFIG).add(TIMELINE);
        Options.Values v = options.parseOrExit(args);
        if (v == null) {
            return;
        }
        ModelBundle bundle = ModelBundle.read(Path.of(v.get(MODEL)));
        try (PrintWriter timeline = timeline(v.get(TIMELINE))) {
            for (String mode : v.get(MODES).split(",")) {
                try (KafkaBroker kafka = new KafkaBroker().start()) {
                    kafka.createTopics(PARTITIONS, EVENTS_TOPIC, SCORES_TOPIC, "intentstream-session-outcomes",
                            "intentstream-dead-letters");
                    run(mode.trim(), kafka, bundle, v, timeline);
                }
            }
        }
    }

    private static PrintWriter timeline(String file) throws IOException {
        return file.isBlank() ? new PrintWriter(Writer.nullWriter())
                : new PrintWriter(Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8));
    }

    private static void run(String mode, KafkaBroker kafka, ModelBundle bundle, Options.Values v, PrintWriter timeline)
            throws Exception {
        boolean exactlyOnce = mode.equals("exactly-once");
        Path work = Files.createTempDirectory("intentstream-latency");
        List<String> jobArgs = new ArrayList<>(List.of("--source", "kafka", "--kafka-bootstrap-servers", kafka.bootstrapServers(),
                "--kafka-topics", EVENTS_TOPIC, "--kafka-starting-offsets", "earliest", "--delivery", mode,
                "--checkpoint-dir", work.resolve("checkpoints").toUri().toString(), "--archive", work.resolve("archive").toString()));
        if (exactlyOnce) {
            jobArgs.addAll(List.of("--checkpoint-interval", Option.render(v.get(EXACTLY_ONCE_CHECKPOINTS))));
        }
        if (!v.get(JOB_ARGS).isBlank()) {
            jobArgs.addAll(Arrays.asList(v.get(JOB_ARGS).trim().split("\\s+")));
        }
        Options.Values job = JobOptions.options().parse(jobArgs.toArray(new String[0]));
        Duration checkpoints = job.get(RuntimeOptions.CHECKPOINT_INTERVAL);
        Configuration cluster = JobThroughputBenchmark.clusterConfiguration("512m", v.get(FLINK_CONFIG));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, cluster);
        JobEnvironment.configure(env, job);
        KafkaConnector kafkaConnector = new KafkaConnector(job);
        Outputs outputs = ScoringPipeline.build(kafkaConnector.source(env), ModelInput.fixed(env, bundle), job);
        kafkaConnector.attachSinks(outputs);
        if (v.get(ARCHIVE)) {
            ParquetArchive.attach(outputs, job.get(ConnectorOptions.ARCHIVE));
        }
        JobClient client = env.executeAsync("latency: " + mode);

        long rate = v.get(RATE);
        long warmupNanos = v.get(WARMUP).toNanos();
        long measureNanos = v.get(MEASURE).toNanos();
        AtomicBoolean producing = new AtomicBoolean(true);
        long[] measuredFrom = {Long.MAX_VALUE};
        long[] measuredTo = {Long.MAX_VALUE};
        long[] sent = {0};
        Thread producer = new Thread(() -> produce(kafka, rate, warmupNanos, measureNanos, measuredFrom, measuredTo, sent, producing),
                "latency-producer");
        producer.start();

        LatencyRecorder received = new LatencyRecorder();
        LatencyRecorder written = new LatencyRecorder();
        LatencyRecorder duringWarmup = new LatencyRecorder();
        try (KafkaConsumer<String, String> consumer = kafka.consumer(exactlyOnce)) {
            // No consumer group: the reader takes every partition itself, from the start.
            List<TopicPartition> partitions = consumer.partitionsFor(SCORES_TOPIC).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long quietSince = System.nanoTime();
            // Exactly-once scores become visible only when the checkpoint after them completes.
            long quietEnough = Duration.ofSeconds(5).toNanos() + (exactlyOnce ? checkpoints.toNanos() : 0);
            // Read until production has ended and the scores of its last events had time to arrive.
            while (producing.get() || System.nanoTime() - quietSince < quietEnough) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(50));
                long now = System.currentTimeMillis();
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                for (ConsumerRecord<String, String> r : records) {
                    long sentAt = sentTime(r.value());
                    if (sentAt >= measuredFrom[0] && sentAt < measuredTo[0]) {
                        received.add(now - sentAt);
                        timeline.printf("%s,%d,%d%n", mode, sentAt, now - sentAt);
                        written.add(r.timestamp() - sentAt);
                    } else if (sentAt < measuredFrom[0]) {
                        duringWarmup.add(now - sentAt);
                    }
                }
            }
        }
        producer.join();
        client.cancel().get();
        System.out.printf("%s: %,d events sent at %,d/s to %d partitions (half of them, one reader's, idle); %,d measured scores; archive %s; "
                + "checkpoints every %s; Flink: %s%n  job options: %s%n", mode, sent[0], rate, PARTITIONS, received.count(),
                v.get(ARCHIVE) ? "on" : "off", Option.render(checkpoints),
                v.get(FLINK_CONFIG).isBlank() ? "defaults" : v.get(FLINK_CONFIG), String.join(" ", jobArgs));
        System.out.printf("  score received by a consumer - event sent: %s%n", received.summary());
        if (!exactlyOnce) {
            System.out.printf("  score written to Kafka - event sent:       %s%n", written.summary());
        }
        System.out.printf("  warm-up (%s, not in the figures above):   %s%n", Option.render(v.get(WARMUP)), duringWarmup.summary());
    }

    /** Sends generated events at a fixed rate, each stamped with its send time as event time, keyed by user. */
    private static void produce(KafkaBroker kafka, long rate, long warmupNanos, long measureNanos, long[] measuredFrom,
            long[] measuredTo, long[] sent, AtomicBoolean producing) {
        Iterator<ClickEvent> events = generated();
        StringBuilder line = new StringBuilder(256);
        // The shop's producer batches for up to 5 ms, as Kafka clients do by default from 4.0, instead of sending the
        // broker, which shares the job's cores here, a request per event. The wait counts in the latency.
        try (KafkaProducer<String, String> producer = kafka.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "5"))) {
            long start = System.nanoTime();
            long period = 1_000_000_000L / rate;
            for (long i = 0; ; i++) {
                long due = start + i * period;
                long now;
                while ((now = System.nanoTime()) < due) {
                    // Pacing a load generator; nothing else waits on this.
                    LockSupport.parkNanos(due - now);
                }
                if (now - start >= warmupNanos && measuredFrom[0] == Long.MAX_VALUE) {
                    measuredFrom[0] = System.currentTimeMillis();
                }
                if (now - start >= warmupNanos + measureNanos) {
                    measuredTo[0] = System.currentTimeMillis();
                    break;
                }
                ClickEvent e = events.next();
                e.eventTime = System.currentTimeMillis();
                line.setLength(0);
                JsonEventWriter.write(e, line);
                // Keyed by user, so each user's events stay in order on one partition, an even one.
                int partition = 2 * Math.floorMod(e.userId.hashCode(), PARTITIONS / 2);
                producer.send(new ProducerRecord<>(EVENTS_TOPIC, partition, e.userId, line.toString()));
                sent[0]++;
            }
        } finally {
            producing.set(false);
        }
    }

    /** Realistic users and sessions from the generator; times are replaced by send times. */
    private static Iterator<ClickEvent> generated() {
        List<ClickEvent> buffer = new ArrayList<>();
        new ClickstreamGenerator(GeneratorConfig.from(GeneratorOptions.defaults().with(SEED, 5L).with(USERS, 200_000)
                .with(DURATION, Duration.ofDays(2)).with(MAX_EVENTS, 400_000L))).forEachEvent(buffer::add);
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public ClickEvent next() {
                ClickEvent e = buffer.get(i++ % buffer.size());
                e.eventId = "e" + i;
                return e;
            }
        };
    }

    private static long sentTime(String scoreJson) {
        int at = scoreJson.indexOf("\"event_time\":\"") + 14;
        return Timestamps.parseIsoOffset(scoreJson.substring(at, scoreJson.indexOf('"', at)));
    }

    /** Latencies in milliseconds, summarised as percentiles. */
    static final class LatencyRecorder {
        private long[] values = new long[1 << 16];
        private int count;

        void add(long millis) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = millis;
        }

        int count() {
            return count;
        }

        String summary() {
            if (count == 0) {
                return "no samples";
            }
            long[] sorted = Arrays.copyOf(values, count);
            Arrays.sort(sorted);
            return String.format("p50 %d ms, p99 %d ms, p99.9 %d ms, max %d ms", at(sorted, 0.50), at(sorted, 0.99),
                    at(sorted, 0.999), sorted[count - 1]);
        }

        private static long at(long[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
        }
    }

}
