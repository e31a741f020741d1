package io.intentstream.testing.external;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.MetaProperties;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Kafka cluster in KRaft mode (one process acting as broker and controller) inside the
 * test JVM, from Apache Kafka's own artifacts, on free ports with its logs in a temporary directory.
 *
 * <p>Use it as a JUnit extension ({@code @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();})
 * or through {@link #start()} and {@link #close()}. The broker keeps Kafka's stock defaults where the job's
 * guarantees depend on them (e.g. {@code transaction.max.timeout.ms} of 15 minutes), and shrinks only what
 * a one-node cluster cannot satisfy or what makes start-up slow (replication factors, internal topic sizes).
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private Path dir;
    private KafkaRaftServer server;
    private String bootstrapServers;
    private Admin admin;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Formats fresh storage and starts the node; returns once the broker accepts requests. */
    public KafkaBroker start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        // The broker exits the process on fatal errors; in a test that must fail the test, not kill the JVM.
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker asked to exit (" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker asked to halt (" + status + "): " + message);
        });
        try {
            dir = Files.createTempDirectory("kafka-broker-");
            // Ports are chosen free just before the start; if another process takes one in between, the
            // start fails on binding and is retried with new ports.
            RuntimeException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    startOnFreePorts(dir.resolve("attempt-" + attempt));
                    return this;
                } catch (RuntimeException e) {
                    last = e;
                    stopServer();
                }
            }
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startOnFreePorts(Path logDir) {
        int brokerPort = freePort();
        int controllerPort = freePort();
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "2");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "2");
        props.put("group.initial.rebalance.delay.ms", "0");
        KafkaConfig config = new KafkaConfig(props, false);

        // What `kafka-storage.sh format` does: meta.properties and the bootstrap metadata version.
        StorageTool$.MODULE$.formatCommand(new PrintStream(PrintStream.nullOutputStream(), false, StandardCharsets.UTF_8),
                StorageTool$.MODULE$.configToLogDirectories(config),
                new MetaProperties(Uuid.randomUuid().toString(), config.nodeId()), MetadataVersion.IBP_3_4_IV0, false);

        server = new KafkaRaftServer(config, Time.SYSTEM, scala.Option.apply("test-kafka"));
        server.startup();
        bootstrapServers = "127.0.0.1:" + brokerPort;
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        Await.until(READY_TIMEOUT, "the Kafka broker to register and accept requests", () -> {
            try {
                return !admin.describeCluster().nodes().get().isEmpty();
            } catch (ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("not started");
        }
        return bootstrapServers;
    }

    public Admin admin() {
        return admin;
    }

    /** Creates topics with the given partition count (replication factor 1) and waits until they are usable. */
    public void createTopics(int partitions, String... names) {
        List<NewTopic> topics = Stream.of(names).map(n -> new NewTopic(n, partitions, (short) 1)).collect(Collectors.toList());
        try {
            admin.createTopics(topics).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + List.of(names), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        // Leadership of new partitions reaches the broker's metadata cache shortly after creation.
        try (KafkaConsumer<String, String> probe = consumer(false)) {
            Await.until(READY_TIMEOUT, "partitions of " + List.of(names), () -> Stream.of(names).allMatch(n -> {
                var info = probe.partitionsFor(n, Duration.ofSeconds(5));
                return info != null && info.size() == partitions && info.stream().allMatch(p -> p.leader() != null);
            }));
        }
    }

    /**
     * A plain producer of string keys and values, acknowledging only once the write is durable, and keeping
     * the order of each partition (one request in flight).
     */
    public KafkaProducer<String, String> producer() {
        return producer(Map.of());
    }

    /** {@link #producer()} with more client properties, which win over its own. */
    public KafkaProducer<String, String> producer(Map<String, String> more) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Not idempotent: an idempotent producer first asks for a producer id, which a Kafka 3.4 broker
        // serves on a request thread that may block waiting for the controller (KAFKA-14694, fixed in 3.5).
        // One run on a heavily loaded machine saw the test's writes time out. Writing each record once, in
        // order, needs no idempotence.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.putAll(more);
        return new KafkaProducer<>(p);
    }

    /** Sends the records and waits until every one is acknowledged; returns the acknowledgements in order. */
    public List<RecordMetadata> produce(List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = producer()) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (ProducerRecord<String, String> r : records) {
                acks.add(producer.send(r));
            }
            producer.flush();
            List<RecordMetadata> out = new ArrayList<>(acks.size());
            for (Future<RecordMetadata> ack : acks) {
                out.add(ack.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot produce", e.getCause());
        }
    }

    /**
     * A plain consumer outside any group (the caller assigns partitions); {@code readCommitted} hides
     * records of open and aborted transactions, as an exactly-once consumer must.
     */
    public KafkaConsumer<String, String> consumer(boolean readCommitted) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                (readCommitted ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED).toString().toLowerCase());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    /**
     * Every record of the topic visible to the isolation level right now: reads from the beginning up to
     * the end offsets taken at the call (for read_committed, the last stable offset).
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, boolean readCommitted) {
        try (TopicReader reader = new TopicReader(this, topic, readCommitted)) {
            reader.readToEnd();
            return reader.records();
        }
    }

    /** The end offset of every partition of the topic (the offset the next record will get). */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(false)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    /** The committed offsets of a consumer group, by partition. */
    public Map<TopicPartition, Long> committedOffsets(String groupId) {
        try {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, om) -> out.put(tp, om == null ? null : om.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of group " + groupId, e.getCause());
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
            admin = null;
        }
        stopServer();
        bootstrapServers = null;
        if (dir != null) {
            deleteRecursively(dir);
            dir = null;
        }
        Exit.resetExitProcedure();
        Exit.resetHaltProcedure();
    }

    private void stopServer() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
            admin = null;
        }
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
