package io.intentstream.job.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.testing.external.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus (Debian's package, which .ci/run installs) on a free loopback port, with its own configuration
 * and data directory, scraping one target every second; read back through its HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.base = "http://127.0.0.1:" + port;
    }

    /** The binary, or a skipped test outside CI (in CI, where .ci/run installs it, a missing binary fails). */
    public static Path binary() {
        Path bin = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(bin)) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("prometheus is not installed; .ci/run installs Debian's prometheus package");
            }
            Assumptions.assumeTrue(false, "prometheus is not installed (apt-get install prometheus)");
        }
        return bin;
    }

    /** A Prometheus scraping {@code target} (host:port) as job {@code flink} every second. */
    public static PrometheusServer start(Path dir, String target) throws IOException {
        Path bin = binary();
        int port = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                + "  - job_name: flink\n    static_configs:\n      - targets: ['" + target + "']\n");
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(bin.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, port);
        try {
            Await.until(Duration.ofSeconds(60), "Prometheus to be ready", server::ready);
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException("Prometheus did not start: " + Files.readString(log), e);
        }
        return server;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private boolean ready() {
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The result vector of an instant query ({@code data.result}). */
    public JsonNode query(String promql) throws IOException {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(r.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new IOException("query " + promql + " failed: " + r.body());
        }
        return body.path("data").path("result");
    }

    /** The value of a query that returns one series, or NaN when it returns none. */
    public double scalar(String promql) throws IOException {
        JsonNode result = query(promql);
        return result.size() == 0 ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** Every metric name Prometheus holds. */
    public Set<String> metricNames() throws IOException {
        JsonNode body = JSON.readTree(get("/api/v1/label/__name__/values").body());
        Set<String> names = new TreeSet<>();
        body.path("data").forEach(n -> names.add(n.asText()));
        return names;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
