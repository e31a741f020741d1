package io.intentstream.testing.external;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A local Kinesis for tests: kinesalite (npm, installed under {@code test-support/kinesalite} by
 * {@code .ci/run}) as a child process on a free loopback port, with a plain AWS SDK v2 client to create
 * streams, put records and read them back. Fails, never skips, when kinesalite is not installed.
 *
 * <p>Kinesalite is started through {@code kinesalite-arn.js}, which lets requests that name their stream
 * by ARN only (as Flink's KinesisStreamsSource does) through; see that file and docs/kinesis.md.
 */
public final class Kinesalite implements AutoCloseable {
    public static final Path INSTALL_DIR = installDir();
    public static final String INSTALL_COMMAND = "npm ci --ignore-scripts --no-audit --no-fund --prefix test-support/kinesalite";
    /** Kinesalite's ARNs name this region and account (set through its environment). */
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";
    /** Hash keys at the two ends of the key space: with two shards, one lands on each. */
    public static final String FIRST_SHARD_HASH_KEY = "0";
    public static final String LAST_SHARD_HASH_KEY = "340282366920938463463374607431768211455";

    private static final Pattern LISTENING = Pattern.compile("Listening at (http://127\\.0\\.0\\.1:\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int LOG_LINES_KEPT = 100;

    private final Process process;
    private final URI endpoint;
    private final Deque<String> log;
    private final Map<String, String> previousSystemProperties;
    private final KinesisClient client;

    private Kinesalite(Process process, URI endpoint, Deque<String> log, Map<String, String> previousSystemProperties) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.previousSystemProperties = previousSystemProperties;
        this.client = KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The npm package directory, found from any module's directory (tests run in their module's). */
    private static Path installDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("test-support/kinesalite");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("test-support/kinesalite");
    }

    /**
     * Starts kinesalite and sets, for this JVM (and so for a MiniCluster in it), dummy credentials as
     * the system properties that the AWS default provider chain reads, and CBOR off: the job's connector
     * takes its credentials from that chain exactly as on AWS, and the ARN adapter reads JSON bodies.
     */
    public static Kinesalite start() throws IOException, InterruptedException {
        return start(INSTALL_DIR);
    }

    /** As {@link #start()}, from the npm package directory {@code installDir}. */
    public static Kinesalite start(Path installDir) throws IOException, InterruptedException {
        Path script = installDir.resolve("kinesalite-arn.js");
        Path cli = installDir.resolve("node_modules/kinesalite/cli.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("kinesalite is not installed (no " + cli.toAbsolutePath().normalize()
                    + "): run `" + INSTALL_COMMAND + "` from the repository root (.ci/run does this before Maven)");
        }
        ProcessBuilder pb = new ProcessBuilder("node", script.toAbsolutePath().normalize().toString(), "--port", "0",
                "--createStreamMs", "0", "--deleteStreamMs", "0", "--updateStreamMs", "0", "--shardLimit", "100")
                .directory(installDir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("AWS_REGION", REGION);
        pb.environment().put("AWS_ACCOUNT_ID", ACCOUNT);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `node` (Node.js 20 is needed for kinesalite): " + e.getMessage(), e);
        }
        Deque<String> log = new ArrayDeque<>();
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> drain(process, log, listening), "kinesalite-output");
        reader.setDaemon(true);
        reader.start();
        URI endpoint;
        try {
            endpoint = listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
            throw new IllegalStateException("kinesalite did not start within " + START_TIMEOUT + "; its output:\n"
                    + String.join("\n", snapshot(log)), e);
        }
        Map<String, String> previous = new LinkedHashMap<>();
        setSystemProperty(previous, "aws.accessKeyId", "kinesalite-test");
        setSystemProperty(previous, "aws.secretAccessKey", "kinesalite-test");
        setSystemProperty(previous, "aws.cborEnabled", "false");
        return new Kinesalite(process, endpoint, log, previous);
    }

    private static void drain(Process process, Deque<String> log, CompletableFuture<URI> listening) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (log) {
                    log.addLast(line);
                    if (log.size() > LOG_LINES_KEPT) {
                        log.removeFirst();
                    }
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    listening.complete(URI.create(m.group(1)));
                }
            }
        } catch (IOException e) {
            // The process ended; whatever it printed is in the log.
        }
        listening.completeExceptionally(new IllegalStateException("kinesalite exited with " + exitValue(process)));
    }

    private static String exitValue(Process process) {
        try {
            return String.valueOf(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static List<String> snapshot(Deque<String> log) {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    private static void setSystemProperty(Map<String, String> previous, String key, String value) {
        previous.put(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    /** The endpoint to give the job as {@code --kinesis-endpoint}. */
    public URI endpoint() {
        return endpoint;
    }

    public KinesisClient client() {
        return client;
    }

    public static String arn(String stream) {
        return "arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/" + stream;
    }

    /** Creates a stream and waits until it is active; returns its ARN as kinesalite reports it. */
    public String createStream(String name, int shards) {
        client.createStream(b -> b.streamName(name).shardCount(shards));
        StreamDescriptionSummary[] summary = new StreamDescriptionSummary[1];
        await(Duration.ofSeconds(60), "stream " + name + " to become active", () -> {
            summary[0] = client.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
            return summary[0].streamStatus() == StreamStatus.ACTIVE;
        });
        return summary[0].streamARN();
    }

    /** Puts records in order, in PutRecords calls of at most 500, and fails if any was refused; returns their results in order. */
    public List<PutRecordsResultEntry> put(String stream, List<PutRecordsRequestEntry> entries) {
        List<PutRecordsResultEntry> results = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += 500) {
            List<PutRecordsRequestEntry> batch = entries.subList(from, Math.min(entries.size(), from + 500));
            PutRecordsResponse response = client.putRecords(b -> b.streamName(stream).records(batch));
            if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
                throw new IllegalStateException(response.failedRecordCount() + " records refused by kinesalite: " + response.records());
            }
            results.addAll(response.records());
        }
        return results;
    }

    public static PutRecordsRequestEntry entry(String partitionKey, String data) {
        return PutRecordsRequestEntry.builder().partitionKey(partitionKey)
                .data(SdkBytes.fromString(data, StandardCharsets.UTF_8)).build();
    }

    public static PutRecordsRequestEntry entryWithHashKey(String hashKey, String data) {
        return entry("explicit", data).toBuilder().explicitHashKey(hashKey).build();
    }

    /** A reader of every shard of a stream from its start; each {@link StreamReader#readNew} returns what arrived since. */
    public StreamReader reader(String stream) {
        return new StreamReader(stream);
    }

    /** Reads all shards of one stream with GetRecords, remembering where each shard stopped. */
    public final class StreamReader {
        private final String stream;
        private final Map<String, String> iterators = new LinkedHashMap<>();

        private StreamReader(String stream) {
            this.stream = stream;
            for (Shard shard : client.listShards(b -> b.streamName(stream)).shards()) {
                iterators.put(shard.shardId(), client.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
            }
        }

        public List<Record> readNew() {
            List<Record> out = new ArrayList<>();
            for (Map.Entry<String, String> shard : iterators.entrySet()) {
                while (true) {
                    String iterator = shard.getValue();
                    GetRecordsResponse response = client.getRecords(b -> b.shardIterator(iterator));
                    out.addAll(response.records());
                    shard.setValue(response.nextShardIterator());
                    if (response.records().isEmpty() || response.nextShardIterator() == null) {
                        break;
                    }
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return "reader of " + stream;
        }
    }

    /** Polls a condition until it holds; fails with the description after the deadline. */
    public static void await(Duration deadline, String what, BooleanSupplier condition) {
        await(deadline, () -> what, condition);
    }

    /** As {@link #await(Duration, String, BooleanSupplier)}, with a description computed on failure (e.g. progress so far). */
    public static void await(Duration deadline, Supplier<String> what, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + deadline + " waiting for " + what.get());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what.get(), e);
            }
        }
    }

    /** kinesalite's recent output, for failure messages. */
    public String recentOutput() {
        return String.join("\n", snapshot(log));
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
        // Closing stdin ends kinesalite-arn.js on its own; SIGTERM (destroy) covers a process that does not read it.
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed: the process is gone.
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        previousSystemProperties.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }
}
