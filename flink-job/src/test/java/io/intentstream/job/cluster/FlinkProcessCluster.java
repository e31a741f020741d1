package io.intentstream.job.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.testing.external.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink session cluster of separate JVM processes, started and driven the way an operator drives a real
 * one: a JobManager and TaskManagers launched from a config directory, jobs submitted with Flink's CLI
 * ({@code flink run}), state read through the REST API, TaskManagers killed with SIGKILL.
 *
 * <p>Flink's start scripts are not available (the distribution is not on Maven Central), so this class does
 * what they do: it derives each process's JVM memory flags and resource settings from the configuration
 * with the same Flink code the scripts call ({@code BashJavaUtils}), passes {@code env.java.opts.*}, and
 * starts the entry-point classes with the given class path as {@code lib/}.
 */
public final class FlinkProcessCluster implements AutoCloseable {
    /**
     * The Java 17 flags flink-dist's config.yaml passes in {@code env.java.opts.all}, without the
     * {@code jdk.compiler} exports that only the table planner needs: Flink reflects into these JDK internals.
     */
    static final String JAVA_17_OPTS = String.join(" ",
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final Duration PROCESS_START = Duration.ofMinutes(2);
    private static final Duration SUBMISSION = Duration.ofMinutes(4);
    private static final Set<String> TERMINAL_STATES = Set.of("FINISHED", "FAILED", "CANCELED");
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

    private final Path workDir;
    private final Path confDir;
    private final Path logDir;
    private final String classpath;
    private final Configuration configuration;
    private final int restPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    // Read by the shutdown hook as well as the test thread.
    private final List<TaskManager> taskManagers = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook = new Thread(this::destroyAll, "flink-process-cluster-shutdown");
    private Process jobManager;
    private int clientRuns;

    /** One TaskManager process: its id in the REST API, its own temp directory and its log. */
    public static final class TaskManager {
        public final String id;
        public final Path tmpDir;
        public final Path log;
        private final Process process;

        TaskManager(String id, Path tmpDir, Path log, Process process) {
            this.id = id;
            this.tmpDir = tmpDir;
            this.log = log;
            this.process = process;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** The operating-system process id, for diagnostics with jcmd or jmap. */
        public long pid() {
            return process.pid();
        }

        /** Files in this TaskManager's {@code java.io.tmpdir} whose names match a glob, e.g. extracted native libraries. */
        public List<String> tempFiles(String glob) {
            var matcher = tmpDir.getFileSystem().getPathMatcher("glob:" + glob);
            try (Stream<Path> files = Files.list(tmpDir)) {
                return files.map(Path::getFileName).filter(matcher::matches).map(Path::toString).sorted().collect(Collectors.toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Settings of a cluster to start. */
    public static final class Builder {
        private final Path workDir;
        private final List<Path> lib = new ArrayList<>();
        private Path configTemplate;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private int taskManagers;

        Builder(Path workDir) {
            this.workDir = workDir;
        }

        /** The jars every process has on its class path, like a distribution's {@code lib/}. */
        public Builder lib(List<Path> jars) {
            lib.addAll(jars);
            return this;
        }

        /** A {@code config.yaml} the cluster's configuration starts from; {@link #set} settings are appended to it. */
        public Builder configTemplate(Path file) {
            if (!file.getFileName().toString().equals("config.yaml")) {
                throw new IllegalArgumentException("Flink reads a directory's config.yaml; not " + file);
            }
            this.configTemplate = file;
            return this;
        }

        /** A setting for every process, written into config.yaml as {@code key: value} (value as YAML). */
        public Builder set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** TaskManagers to start together with the JobManager, as start-cluster.sh does. */
        public Builder taskManagers(int count) {
            this.taskManagers = count;
            return this;
        }

        /**
         * Writes the config directory, starts the JobManager and the TaskManagers, and waits until the REST API
         * answers and every TaskManager has registered.
         */
        public FlinkProcessCluster start() throws IOException {
            return new FlinkProcessCluster(this);
        }
    }

    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    private FlinkProcessCluster(Builder b) throws IOException {
        if (b.lib.isEmpty()) {
            throw new IllegalArgumentException("no class path for the cluster processes");
        }
        this.workDir = b.workDir;
        this.confDir = Files.createDirectories(workDir.resolve("conf"));
        this.logDir = Files.createDirectories(workDir.resolve("log"));
        this.classpath = b.lib.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining(":"));
        this.restPort = freePort();

        Map<String, String> settings = new LinkedHashMap<>();
        // Everything on the loopback interface, with ports chosen now so parallel builds do not collide.
        settings.put("jobmanager.rpc.address", "localhost");
        settings.put("jobmanager.rpc.port", String.valueOf(freePort()));
        settings.put("jobmanager.bind-host", "localhost");
        settings.put("taskmanager.host", "localhost");
        settings.put("taskmanager.bind-host", "localhost");
        settings.put("rest.address", "localhost");
        settings.put("rest.bind-address", "localhost");
        settings.put("rest.port", String.valueOf(restPort));
        settings.putAll(b.settings);
        // The distribution's config.yaml would supply these; a template or the test may set them instead.
        Configuration template = b.configTemplate == null ? new Configuration()
                : GlobalConfiguration.loadConfiguration(b.configTemplate.getParent().toString());
        Map.of("env.java.opts.all", JAVA_17_OPTS, "jobmanager.memory.process.size", "1024m",
                "taskmanager.memory.process.size", "1728m").forEach((key, value) -> {
                    if (!template.containsKey(key)) {
                        settings.putIfAbsent(key, value);
                    }
                });
        writeConfig(b.configTemplate, template, settings);
        writeLogConfig();
        this.configuration = GlobalConfiguration.loadConfiguration(confDir.toString());

        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            startJobManager(b.taskManagers);
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void writeConfig(Path template, Configuration templateConfig, Map<String, String> settings) throws IOException {
        StringBuilder yaml = new StringBuilder();
        if (template != null) {
            // The template's own keys stay as written; a test must not silently override one of them.
            for (String key : settings.keySet()) {
                if (templateConfig.containsKey(key)) {
                    throw new IllegalArgumentException(key + " is set both in " + template + " and by the test");
                }
            }
            yaml.append(Files.readString(template)).append('\n');
        }
        yaml.append("# Added by FlinkProcessCluster for this test cluster.\n");
        settings.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        Files.writeString(confDir.resolve("config.yaml"), yaml);
    }

    private void writeLogConfig() throws IOException {
        String fileLog = String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = File",
                "appender.file.name = File",
                "appender.file.type = File",
                "appender.file.append = true",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p [%t] %c - %m%n",
                "logger.netty.name = org.apache.flink.shaded.netty4",
                "logger.netty.level = WARN",
                "");
        Files.writeString(confDir.resolve("log4j.properties"), fileLog);
        Files.writeString(confDir.resolve("log4j-cli.properties"), fileLog);
    }

    private void startJobManager(int taskManagerCount) throws IOException {
        JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfigWithNewOptionToInterpretLegacyHeap(
                configuration, JobManagerOptions.JVM_HEAP_MEMORY);
        List<String> jvm = words(JobManagerProcessUtils.generateJvmParametersStr(spec, configuration));
        jvm.addAll(javaOpts(CoreOptions.FLINK_DEFAULT_JM_JVM_OPTIONS, CoreOptions.FLINK_JM_JVM_OPTIONS));
        List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
        args.addAll(words(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
        jobManager = launch("jobmanager", jvm, "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", args, Map.of());
        // TaskManagers start alongside: they retry until the JobManager's resource manager answers.
        List<TaskManager> started = new ArrayList<>();
        for (int i = 0; i < taskManagerCount; i++) {
            started.add(launchTaskManager());
        }
        Await.value(PROCESS_START, "the JobManager's REST API on port " + restPort + " (log: "
                + logDir.resolve("jobmanager.log") + ")", () -> {
                    requireAlive(jobManager, "jobmanager");
                    return rest("/overview").has("taskmanagers");
                });
        awaitRegistration(started);
    }

    /** Starts a TaskManager process and waits until it has registered with the JobManager. */
    public TaskManager startTaskManager() throws IOException {
        return startTaskManagers(1).get(0);
    }

    /** Starts TaskManager processes side by side and waits until all have registered with the JobManager. */
    public List<TaskManager> startTaskManagers(int count) throws IOException {
        List<TaskManager> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(launchTaskManager());
        }
        awaitRegistration(started);
        return started;
    }

    /** The TaskManagers started so far, killed ones included, in start order. */
    public List<TaskManager> taskManagers() {
        return List.copyOf(taskManagers);
    }

    private void awaitRegistration(List<TaskManager> started) {
        for (TaskManager tm : started) {
            Await.value(PROCESS_START, tm.id + " registered with the JobManager (log: " + tm.log + ")", () -> {
                requireAlive(tm.process, tm.id);
                for (JsonNode registered : rest("/taskmanagers").path("taskmanagers")) {
                    if (tm.id.equals(registered.path("id").asText())) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    private TaskManager launchTaskManager() throws IOException {
        String id = "tm-" + (taskManagers.size() + 1);
        Path tmpDir = Files.createDirectories(workDir.resolve(id).resolve("tmp"));
        // What taskmanager.sh gets from BashJavaUtils: JVM memory flags, and every memory component pinned
        // as a dynamic property (a TaskManagerRunner started any other way refuses to derive them itself).
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(
                TaskExecutorProcessUtils.getConfigurationMapLegacyTaskManagerHeapSizeToConfigOption(
                        configuration, TaskManagerOptions.TOTAL_PROCESS_MEMORY));
        List<String> jvm = words(ProcessMemoryUtils.generateJvmParametersStr(spec));
        jvm.addAll(javaOpts(CoreOptions.FLINK_DEFAULT_TM_JVM_OPTIONS, CoreOptions.FLINK_TM_JVM_OPTIONS));
        // A temp directory per TaskManager, so a test can see what each process extracted (native libraries).
        jvm.add("-Djava.io.tmpdir=" + tmpDir);
        List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
        args.addAll(words(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
        args.addAll(List.of("-D", "taskmanager.resource-id=" + id, "-D", "io.tmp.dirs=" + tmpDir));
        Process process = launch(id, jvm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", args, Map.of());
        TaskManager tm = new TaskManager(id, tmpDir, logDir.resolve(id + ".log"), process);
        taskManagers.add(tm);
        return tm;
    }

    /** Kills a TaskManager with SIGKILL: no shutdown hooks, no goodbye to the JobManager, like a lost machine. */
    public void kill(TaskManager tm) throws InterruptedException {
        tm.process.destroyForcibly();
        if (!tm.process.waitFor(1, TimeUnit.MINUTES)) {
            throw new AssertionError(tm.id + " did not die after SIGKILL");
        }
    }

    /**
     * Submits a job jar detached, as {@code flink run -d [options] jar args} does, and returns the job id. The
     * client runs the jar's main method in its own JVM with the jar in a user-code class loader.
     */
    public String submit(Path jobJar, List<String> runOptions, List<String> programArgs) throws IOException, InterruptedException {
        String name = "client-" + (++clientRuns);
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        jvm.addAll(javaOpts(null, CoreOptions.FLINK_CLI_JVM_OPTIONS));
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(runOptions);
        args.add(jobJar.toAbsolutePath().toString());
        args.addAll(programArgs);
        Process client = launch(name, jvm, "org.apache.flink.client.cli.CliFrontend", args,
                Map.of("FLINK_CONF_DIR", confDir.toString()));
        if (!client.waitFor(SUBMISSION.toSeconds(), TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("flink run did not return within " + SUBMISSION.toMinutes() + " min; see " + out(name));
        }
        String output = Files.readString(out(name));
        Matcher m = JOB_ID.matcher(output);
        if (client.exitValue() != 0 || !m.find()) {
            throw new AssertionError("flink run failed (exit " + client.exitValue() + "):\n" + output);
        }
        return m.group(1);
    }

    /** GET on the JobManager's REST API. */
    public JsonNode rest(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " -> " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    public String jobState(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId).path("state").asText();
    }

    /** The job's checkpoint counts: {@code completed}, {@code failed}, {@code restored}, ... */
    public JsonNode checkpointCounts(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId + "/checkpoints").path("counts");
    }

    /** Waits until the job is FINISHED, FAILED or CANCELED and returns that state. */
    public String awaitTermination(String jobId, Duration timeout) {
        return Await.value(timeout, "job " + jobId + " to end (logs: " + logDir + ")", () -> {
            requireAlive(jobManager, "jobmanager");
            String state = jobState(jobId);
            return TERMINAL_STATES.contains(state) ? state : null;
        });
    }

    /** The job's most recent failure as the REST API reports it, for assertion messages. */
    public String failureCause(String jobId) {
        try {
            return rest("/jobs/" + jobId + "/exceptions").path("root-exception").asText("(none)");
        } catch (IOException | InterruptedException e) {
            return "(unavailable: " + e + ")";
        }
    }

    public Path logDir() {
        return logDir;
    }

    /** The JobManager's operating-system process id, e.g. to read its CPU time. */
    public long jobManagerPid() {
        return jobManager.pid();
    }

    @Override
    public void close() {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run; nothing left to undo.
        }
    }

    private void destroyAll() {
        List<Process> processes = new ArrayList<>();
        taskManagers.forEach(tm -> processes.add(tm.process));
        if (jobManager != null) {
            processes.add(jobManager);
        }
        // SIGTERM first so the processes clean up their temp directories; SIGKILL whatever lingers.
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private Process launch(String name, List<String> jvmOptions, String mainClass, List<String> args, Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dlog.file=" + logDir.resolve(name + ".log"));
        String log4j = name.startsWith("client") ? "log4j-cli.properties" : "log4j.properties";
        command.add("-Dlog4j.configurationFile=" + confDir.resolve(log4j).toUri());
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        Files.writeString(logDir.resolve(name + ".command"), String.join(" ", command) + "\n");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(out(name).toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The JVM options config.sh passes: default-opts.all, opts.all, then the role's default-opts and opts. */
    private List<String> javaOpts(ConfigOption<String> roleDefaults, ConfigOption<String> role) {
        List<String> opts = words(configuration.get(CoreOptions.FLINK_DEFAULT_JVM_OPTIONS));
        opts.addAll(words(configuration.get(CoreOptions.FLINK_JVM_OPTIONS)));
        if (roleDefaults != null) {
            opts.addAll(words(configuration.get(roleDefaults)));
        }
        opts.addAll(words(configuration.get(role)));
        return opts;
    }

    private Path out(String name) {
        return logDir.resolve(name + ".out");
    }

    private void requireAlive(Process process, String name) throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail(out(name), 30)
                    + "\n(full log: " + logDir.resolve(name + ".log") + ")");
        }
    }

    private static String tail(Path file, int lines) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static List<String> words(String s) {
        if (s == null || s.isBlank()) {
            return new ArrayList<>();
        }
        return new ArrayList<>(Arrays.asList(s.trim().split("\\s+")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
