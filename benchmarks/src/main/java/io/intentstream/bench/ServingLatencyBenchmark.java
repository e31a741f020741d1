package io.intentstream.bench;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFileReader;
import io.intentstream.events.EventFormat;
import io.intentstream.events.EventType;
import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.connectors.redis.OnlineStoreWriter;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.serving.ServingApp;
import io.intentstream.serving.ServingOptions;
import io.intentstream.testing.external.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Latency of the lookup API over loopback (docs/serving.md): a real redis-server filled with {@code --users} users
 * as the job writes them, the service in this JVM with the sample bundle, and an open-loop client sending
 * {@code GET /users/{id}} and then {@code POST /predict} (the sample's sessions) at a fixed rate for a bounded time.
 * Latency runs from when a request was due, not when it went out, so a stalled server is not hidden (no coordinated
 * omission). Prints p50, p99, p99.9 and max per endpoint.
 */
public final class ServingLatencyBenchmark {
    static final Option<Integer> RATE = Option.integer("rate", 500, "requests per second, each endpoint in turn");
    static final Option<Duration> WARMUP = Option.duration("warmup", Duration.ofSeconds(10), "requests before measuring");
    static final Option<Duration> MEASURE = Option.duration("measure", Duration.ofSeconds(30), "measured requests");
    static final Option<Integer> USERS = Option.integer("users", 100_000, "users in the online store");
    static final Option<String> MODEL = Option.string("model", "samples/model", "model bundle");
    static final Option<String> EVENTS = Option.string("events", "samples/rees46_2019-10-01_0000-0250.csv.gz",
            "REES46 events whose sessions are the /predict bodies");

    private ServingLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = new Options("bin/intentstream bench serving", "Lookup API latency over loopback at a fixed rate.")
                .add(RATE).add(WARMUP).add(MEASURE).add(USERS).add(MODEL).add(EVENTS);
        Options.Values v = options.parseOrExit(args);
        if (v == null) {
            return;
        }
        try (RedisServer redis = RedisServer.start()) {
            fill(redis.uri(), v.get(USERS));
            List<String> sessions = sessions(Path.of(v.get(EVENTS)));
            ServingApp app = ServingApp.create(ServingOptions.options().parse(new String[] {
                "--redis-uri", redis.uri(), "--model", v.get(MODEL)}));
            try {
                String base = "http://127.0.0.1:" + app.start("127.0.0.1", 0);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                int users = v.get(USERS);
                List<Request> lookups = new ArrayList<>();
                List<Request> predicts = new ArrayList<>();
                for (int i = 0; i < 10_000; i++) {
                    lookups.add(new Request(HttpRequest.newBuilder(URI.create(base + "/users/user-" + (i * 7919 % users)))
                            .GET().build()));
                }
                for (String body : sessions) {
                    predicts.add(new Request(HttpRequest.newBuilder(URI.create(base + "/predict"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()));
                }
                System.out.printf("serving latency: rate %d/s, warm-up %s, measured %s, %d users in Redis, %d /predict "
                        + "sessions (median %d events); %d cores%n", v.get(RATE), v.get(WARMUP), v.get(MEASURE), users,
                        sessions.size(), medianEvents(sessions), Runtime.getRuntime().availableProcessors());
                for (Map.Entry<String, List<Request>> endpoint : Map.of("GET /users/{id}", lookups, "POST /predict", predicts)
                        .entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                    run(http, endpoint.getValue(), v.get(RATE), v.get(WARMUP));
                    long[] micros = run(http, endpoint.getValue(), v.get(RATE), v.get(MEASURE));
                    print(endpoint.getKey(), micros);
                }
            } finally {
                app.close();
            }
        }
    }

    private record Request(HttpRequest request) {}

    /** Users as the job's sink writes them: a session score and its 43 features each. */
    private static void fill(String uri, int users) {
        try (OnlineStoreWriter writer = new OnlineStoreWriter(uri, Duration.ofDays(90).toMillis())) {
            float[] features = new float[FeatureSchema.SIZE];
            for (int u = 0; u < users; u++) {
                for (int f = 0; f < features.length; f++) {
                    features[f] = (u * 31 + f) % 97 / 7f;
                }
                ClickEvent e = new ClickEvent();
                e.userId = "user-" + u;
                e.sessionId = "session-" + u;
                e.eventId = "event-" + u;
                e.eventType = EventType.VIEW;
                e.eventTime = 1_569_888_000_000L + u;
                writer.sessionScore(ScoreRecord.of(e, "bench-1", "champion", u % 1000 / 1000f, features.clone(), false, 0L));
                if (writer.pending() >= 1000) {
                    writer.flush();
                }
            }
            writer.flush();
        }
    }

    /** The sample's sessions with 2 to 50 events, as /predict bodies. */
    private static List<String> sessions(Path events) throws Exception {
        Map<String, List<ClickEvent>> bySession = new LinkedHashMap<>();
        EventFileReader.read(events, EventFormat.REES46_CSV, ValidationRules.defaults(), (file, line, raw, result) -> {
            if (result.isValid()) {
                bySession.computeIfAbsent(result.event().userId + "/" + result.event().sessionId, k -> new ArrayList<>())
                        .add(result.event());
            }
        });
        return bySession.values().stream().filter(s -> s.size() >= 2 && s.size() <= 50)
                .map(s -> s.stream().map(JsonEventWriter::toJson).collect(Collectors.joining(",", "[", "]")))
                .toList();
    }

    private static int medianEvents(List<String> sessions) {
        int[] counts = sessions.stream().mapToInt(s -> s.split("\"event_id\"", -1).length - 1).sorted().toArray();
        return counts[counts.length / 2];
    }

    /** Sends requests at {@code rate} per second for {@code duration}; returns each one's latency in microseconds. */
    private static long[] run(HttpClient http, List<Request> requests, int rate, Duration duration) {
        int n = (int) (rate * duration.toMillis() / 1000);
        long[] micros = new long[n];
        AtomicInteger failures = new AtomicInteger();
        CompletableFuture<?>[] pending = new CompletableFuture<?>[n];
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            pending[i] = http.sendAsync(requests.get(i % requests.size()).request(), HttpResponse.BodyHandlers.ofByteArray())
                    .thenAccept(r -> {
                        micros[index] = (System.nanoTime() - due) / 1000;
                        if (r.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    });
        }
        CompletableFuture.allOf(pending).join();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + n + " requests did not answer 200");
        }
        return micros;
    }

    private static void print(String endpoint, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-16s n=%d  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms%n", endpoint, sorted.length,
                at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999), sorted[sorted.length - 1] / 1000.0);
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }
}
