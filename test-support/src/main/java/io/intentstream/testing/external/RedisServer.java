package io.intentstream.testing.external;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Redis for tests and benchmarks: Debian's {@code redis-server} (installed by {@code .ci/run}) as a child
 * process on a free loopback port, in memory only ({@code --save '' --appendonly no}). Fails, never skips, when
 * redis-server is not installed. {@code try (RedisServer redis = RedisServer.start()) { redis.uri() ... }}
 */
public final class RedisServer implements AutoCloseable {
    public static final String INSTALL_COMMAND = "apt-get install -y redis-server";
    private static final String READY = "Ready to accept connections";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_LINES_KEPT = 50;

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisServer start() throws IOException, InterruptedException {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "notice")
                .redirectErrorStream(true);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-server (" + INSTALL_COMMAND + "; .ci/run installs it): "
                    + e.getMessage(), e);
        }
        Deque<String> log = new ArrayDeque<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (log) {
                        log.addLast(line);
                        if (log.size() > LOG_LINES_KEPT) {
                            log.removeFirst();
                        }
                    }
                    if (line.contains(READY)) {
                        ready.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // The process ended; the start-up check below reports it.
            }
            ready.completeExceptionally(new IllegalStateException("redis-server exited before it was ready"));
        }, "redis-server-log");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            synchronized (log) {
                throw new IllegalStateException("redis-server did not start on port " + port + ": " + e.getMessage()
                        + "\n" + String.join("\n", log));
            }
        }
        return new RedisServer(process, port);
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}, as the job's --redis-uri and the service's take it. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
