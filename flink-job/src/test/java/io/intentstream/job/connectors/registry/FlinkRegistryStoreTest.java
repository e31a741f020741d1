package io.intentstream.job.connectors.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.job.TestBundles;
import io.intentstream.registry.LocalRegistryStore;
import io.intentstream.registry.ModelRegistry;
import io.intentstream.registry.RegistryStore;
import io.intentstream.registry.Stage;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry through Flink's file systems (as on s3:// or hdfs://), here Flink's local one: what it writes, the
 * local store reads, and the other way round; no hidden temporary file stays behind.
 */
class FlinkRegistryStoreTest {

    @Test
    void aRegistryWrittenThroughFlinkIsTheSameRegistry(@TempDir Path dir) throws Exception {
        RegistryStore flink = new FlinkRegistryStore(dir.toUri().toString());
        ModelRegistry viaFlink = new ModelRegistry(flink, "alice", Clock.systemUTC());
        viaFlink.publish("m", TestBundles.variant("v1", 0.1));
        viaFlink.publish("m", TestBundles.variant("v2", 0.3));
        viaFlink.promote("m", "v1", Stage.PRODUCTION, 0);
        viaFlink.promote("m", "v2", Stage.CHALLENGER, 0.2);

        ModelRegistry local = new ModelRegistry(new LocalRegistryStore(dir), "bob", Clock.systemUTC());
        assertThat(local.versions("m")).containsExactly("v1", "v2");
        assertThat(local.current("m").orElseThrow().challengerVersion()).isEqualTo("v2");
        local.promote("m", "v2", Stage.PRODUCTION, 0);
        viaFlink.rollback("m");
        assertThat(local.history("m")).extracting(d -> d.changedBy()).containsExactly("alice", "alice", "bob", "alice");
        assertThat(local.current("m").orElseThrow().production()).isEqualTo("v1");
        assertThat(viaFlink.load("m", "v2").metadata().modelVersion).isEqualTo("v2");
        try (var files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void anExistingFileIsNeverReplaced(@TempDir Path dir) throws Exception {
        RegistryStore flink = new FlinkRegistryStore(dir.toUri().toString());
        flink.createAtomically("m/stages/000000000001.json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> flink.createAtomically("m/stages/000000000001.json", "[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(new String(flink.read("m/stages/000000000001.json"), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(flink.list("m/stages")).containsExactly("000000000001.json");
        assertThat(flink.list("nothing-here")).isEmpty();
    }
}
