package io.intentstream.job.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the Maven build hands the cluster tests (flink-job/pom.xml, failsafe): the shaded job jar, the class
 * path of a Flink 1.20 distribution's {@code lib/}, the jars docs/deployment.md adds to it, and a work
 * directory under {@code target/}.
 */
public final class ClusterArtifacts {
    private ClusterArtifacts() {}

    /** The shaded job jar, exactly as it would be submitted to a cluster. */
    public static Path jobJar() {
        Path jar = Path.of(property("intentstream.cluster.jobJar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("job jar " + jar + " not built; cluster tests run after 'package' (mvn verify)");
        }
        return jar;
    }

    /**
     * Flink's own jars (runtime, DataStream API, client, RocksDB backend, file connector, log4j), resolved from
     * src/test/cluster/flink-lib/pom.xml apart from the job's dependencies.
     */
    public static List<Path> flinkLib() throws IOException {
        return classpath("intentstream.cluster.flinkClasspath");
    }

    /** Flink's jars plus XGBoost4J and commons-logging, the lib/ of the deployment docs/deployment.md describes. */
    public static List<Path> flinkLibWithXGBoost() throws IOException {
        List<Path> jars = flinkLib();
        jars.addAll(classpath("intentstream.cluster.libClasspath"));
        return jars;
    }

    /** An empty directory for one test under the build's cluster work directory; logs stay there afterwards. */
    public static Path freshWorkDir(String name) throws IOException {
        Path dir = Path.of(property("intentstream.cluster.workDir")).resolve(name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) old.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** The jars listed in the class-path files (written by dependency:build-classpath) a property names. */
    private static List<Path> classpath(String property) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String file : property(property).split(",")) {
            for (String jar : Files.readString(Path.of(file.trim())).trim().split(":")) {
                if (!jar.isBlank()) {
                    jars.add(Path.of(jar));
                }
            }
        }
        return jars;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run cluster tests through Maven "
                    + "(mvn verify -pl flink-job -am), which sets it in the failsafe configuration");
        }
        return value;
    }
}
