package io.intentstream.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import io.intentstream.generator.OutputTarget;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.functions.JobMetric;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.util.FileUtils;
import org.junit.jupiter.api.Test;

/**
 * Backfill throughput on the cluster of the cluster tests (two TaskManager JVMs of one slot each, so parallelism 2),
 * and on the same input through the local MiniCluster backfill (parallelism 2), one after the other in one run.
 *
 * <p>A measurement, not part of the test suite: its name matches neither surefire's nor failsafe's includes. Run it
 * with {@code -Dit.test=BackfillClusterBenchmark} (docs/backfill.md); settings are {@code -Dbench.*} properties. It
 * asserts only that both runs finish and write the same number of examples.
 */
class BackfillClusterBenchmark {
    private static final int TASK_MANAGERS = 2;
    private static final int PARALLELISM = 2;
    private static final Pattern SUMMARY_LINE = Pattern.compile("^(events in|examples|runtime)\\s+([0-9.]+)", Pattern.MULTILINE);

    private record Run(String name, long events, long examples, double jobSeconds, double wallSeconds, double cpuSeconds,
            long outputBytes) {}

    @Test
    void backfillOnTwoTaskManagersAndOnTheMiniCluster() throws Exception {
        long events = Long.parseLong(setting("events", "10000000"));
        String format = setting("format", "json");
        // Per TaskManager, half of the local run's resources: bin/intentstream gives its one JVM a 4 GB heap, and
        // flink-conf/config.yaml 1 GB of managed memory (the BATCH sorts) for two slots. 3500m gives a heap of about 1.9 GiB.
        String processSize = setting("tm-process-size", "3500m");
        String managed = setting("tm-managed-size", "512m");
        boolean local = Boolean.parseBoolean(setting("local", "true"));
        Path input = input(events, format);
        Path work = ClusterArtifacts.freshWorkDir("backfill-benchmark");
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> jobArgs = List.of("--input", input.toString(), "--format", format, "--parallelism", String.valueOf(PARALLELISM));

        System.out.printf("%n== backfill throughput ==%ninput        %s (%s, %d bytes)%ncores        %d (per core = events/s / %d)%n"
                + "cluster      %d TaskManagers x 1 slot, taskmanager.memory.process.size %s, managed %s; job options %s%n",
                input, format, Files.size(input), cores, cores, TASK_MANAGERS, processSize, managed,
                String.join(" ", jobArgs.subList(2, jobArgs.size())));
        List<Run> runs = new ArrayList<>();
        runs.add(onCluster(work, input, jobArgs, processSize, managed));
        if (local) {
            System.out.println("MiniCluster  bin/intentstream backfill's JVM and options (--local: parallelism 2, flink-conf/config.yaml)");
            runs.add(onMiniCluster(work, input, jobArgs));
        }

        System.out.println("run                 events    job s    events/s   per core   wall s  wall ev/s    CPU s  ev/CPU-s"
                + "     examples   output bytes");
        for (Run r : runs) {
            System.out.printf("%-12s %,13d %8.1f %,11.0f %,10.0f %8.1f %,10.0f %8.1f %,9.0f %,12d %,14d%n", r.name, r.events,
                    r.jobSeconds, r.events / r.jobSeconds, r.events / r.jobSeconds / cores, r.wallSeconds,
                    r.events / r.wallSeconds, r.cpuSeconds, r.events / r.cpuSeconds, r.examples, r.outputBytes);
        }
        System.out.println("job s: the job's runtime as Flink reports it. wall s: cluster, from `flink run` to the job's end;"
                + " MiniCluster, from its JVM's start to its exit. CPU s: cluster, JobManager and TaskManagers during the"
                + " job; MiniCluster, its JVM (last sample, every 0.2 s).");
        if (runs.size() == 2) {
            Run c = runs.get(0);
            Run m = runs.get(1);
            System.out.printf("ratio 2-TM cluster / MiniCluster, events/s: job %.2f, wall %.2f; CPU per event %.2f%n",
                    m.jobSeconds / c.jobSeconds, m.wallSeconds / c.wallSeconds, c.cpuSeconds / m.cpuSeconds);
            assertThat(c.examples).as("examples on the cluster and on the MiniCluster").isEqualTo(m.examples);
        }
        assertThat(runs.get(0).examples).as("examples").isPositive();
    }

    private static Run onCluster(Path work, Path input, List<String> jobArgs, String processSize, String managed)
            throws Exception {
        Path output = work.resolve("out-cluster");
        try (FlinkProcessCluster cluster = FlinkProcessCluster.builder(work.resolve("cluster"))
                .lib(ClusterArtifacts.flinkLib())
                .configTemplate(JobTestSupport.REPO.resolve("flink-conf/cluster/config.yaml"))
                .set("taskmanager.numberOfTaskSlots", "1")
                .set("taskmanager.memory.process.size", processSize)
                .set("taskmanager.memory.managed.size", managed)
                .taskManagers(TASK_MANAGERS)
                .start()) {
            List<String> args = new ArrayList<>(List.of("--mode", "backfill"));
            args.addAll(jobArgs);
            args.addAll(List.of("--output", output.toString()));
            double cpuBefore = cpuSeconds(cluster);
            long submitted = System.currentTimeMillis();
            String job = cluster.submit(ClusterArtifacts.jobJar(), List.of(), args);
            String end = cluster.awaitTermination(job, timeout(input));
            double cpu = cpuSeconds(cluster) - cpuBefore;
            assertThat(end).as("final state; last failure: %s", cluster.failureCause(job)).isEqualTo("FINISHED");
            JsonNode details = cluster.rest("/jobs/" + job);
            StringBuilder vertices = new StringBuilder();
            for (JsonNode v : details.path("vertices")) {
                String name = v.path("name").asText();
                vertices.append(String.format("%n  p=%d  %s", v.path("parallelism").asInt(),
                        name.length() > 90 ? name.substring(0, 87) + "..." : name));
            }
            System.out.println("cluster job vertices:" + vertices);
            JsonNode accumulators = cluster.rest("/jobs/" + job + "/accumulators").path("user-task-accumulators");
            return new Run("2-TM cluster", accumulator(accumulators, JobMetric.EVENTS_IN),
                    accumulator(accumulators, JobMetric.EXAMPLES), details.path("duration").asLong() / 1000.0,
                    (details.path("end-time").asLong() - submitted) / 1000.0, cpu, sizeThenDelete(output));
        }
    }

    /** The backfill as {@code bin/intentstream backfill} runs it: its own JVM with a 4 GB heap and an embedded MiniCluster. */
    private static Run onMiniCluster(Path work, Path input, List<String> jobArgs) throws Exception {
        Path output = work.resolve("out-minicluster");
        Path log = work.resolve("minicluster.out");
        Path repo = JobTestSupport.REPO.toAbsolutePath().normalize();
        // Surefire's forked JVM sees only its booter jar in java.class.path; the test class path, Flink included, is here.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx4g", "-Dlog4j2.configurationFile=" + repo.resolve("flink-conf/log4j-local.properties"),
                "--add-opens", "java.base/java.util=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", classpath, "io.intentstream.job.BackfillJob", "--local"));
        command.addAll(jobArgs);
        command.addAll(List.of("--output", output.toString(), "--flink-conf-dir", repo.resolve("flink-conf").toString()));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        double cpu = 0;
        long deadline = System.nanoTime() + timeout(input).toNanos();
        while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
            cpu = cpuSeconds(process.pid()).orElse(cpu);
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("the MiniCluster backfill did not end in " + timeout(input) + "; see " + log);
            }
        }
        double wall = (System.nanoTime() - started) / 1e9;
        String out = Files.readString(log);
        assertThat(process.exitValue()).as("MiniCluster backfill exit code; output:%n%s", out).isZero();
        Map<String, Double> summary = new HashMap<>();
        for (Matcher m = SUMMARY_LINE.matcher(out); m.find(); ) {
            summary.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        assertThat(summary).as("the backfill's summary in%n%s", out).containsOnlyKeys("events in", "examples", "runtime");
        return new Run("MiniCluster", summary.get("events in").longValue(), summary.get("examples").longValue(),
                summary.get("runtime"), wall, cpu, sizeThenDelete(output));
    }

    /** {@code bench.input}, or a generated file cached under {@code bench.data-dir}, as BENCHMARKS.md's backfill inputs. */
    private static Path input(long events, String format) throws IOException {
        String given = setting("input", null);
        if (given != null) {
            return Path.of(given).toAbsolutePath();
        }
        if (!format.equals("json")) {
            throw new IllegalArgumentException("generated input is JSON lines; give -Dbench.input for format " + format);
        }
        Path dir = Files.createDirectories(Path.of(setting("data-dir", "target/bench-data")).toAbsolutePath());
        Path file = dir.resolve("backfill-events-" + events + ".jsonl");
        if (!Files.exists(file)) {
            // The shape of BENCHMARKS.md's backfill runs: 25 days, a user per 25 events, ended by the cap on events.
            GeneratorConfig config = GeneratorConfig.from(GeneratorOptions.defaults().with(GeneratorOptions.SEED, 1L)
                    .with(GeneratorOptions.USERS, (int) Math.max(10_000, events / 25))
                    .with(GeneratorOptions.DURATION, Duration.ofDays(25)).with(GeneratorOptions.MAX_EVENTS, events));
            Path partial = dir.resolve(file.getFileName() + ".partial");
            new ClickstreamGenerator(config).writeTo(OutputTarget.file(partial, false), null);
            Files.move(partial, file);
        }
        return file;
    }

    private static long accumulator(JsonNode accumulators, JobMetric metric) {
        for (JsonNode a : accumulators) {
            if (a.path("name").asText().equals(metric.metricName())) {
                return Long.parseLong(a.path("value").asText());
            }
        }
        throw new AssertionError("no accumulator " + metric.metricName() + " in " + accumulators);
    }

    /** CPU time so far of the JobManager and the live TaskManagers. */
    private static double cpuSeconds(FlinkProcessCluster cluster) {
        double sum = cpuSeconds(cluster.jobManagerPid()).orElseThrow();
        for (FlinkProcessCluster.TaskManager tm : cluster.taskManagers()) {
            sum += cpuSeconds(tm.pid()).orElseThrow();
        }
        return sum;
    }

    private static Optional<Double> cpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9);
    }

    /** Bytes written under the output; then deletes it (a 50M-event run writes about 4 GB). */
    private static long sizeThenDelete(Path output) throws IOException {
        long bytes;
        try (Stream<Path> files = Files.walk(output)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        FileUtils.deleteDirectory(new File(output.toString()));
        return bytes;
    }

    /** Generous: ten minutes plus one per 200 MB of input (the local run of 50M JSON events, 16.7 GB, took 7.5 minutes). */
    private static Duration timeout(Path input) throws IOException {
        return Duration.ofMinutes(10 + Files.size(input) / 200_000_000);
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty("bench." + name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
