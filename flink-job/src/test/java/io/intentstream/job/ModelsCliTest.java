package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.cli.Options;
import io.intentstream.model.BundleException;
import io.intentstream.model.BundleValidation;
import io.intentstream.model.ModelBundle;
import io.intentstream.registry.LocalRegistryStore;
import io.intentstream.registry.ModelRegistry;
import io.intentstream.registry.StageDocument;
import io.intentstream.testing.SampleData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code models} command through its options, on a registry in a temporary directory. */
class ModelsCliTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Path registry;
    private ByteArrayOutputStream printed;

    @BeforeEach
    void bundles() throws IOException {
        registry = dir.resolve("registry");
        TestBundles.variant("v1", 0.10).write(dir.resolve("v1"));
        TestBundles.variant("v2", 0.30).write(dir.resolve("v2"));
        TestBundles.variant("v3", 0.50).write(dir.resolve("v3"));
        printed = new ByteArrayOutputStream();
    }

    private String models(String action, String... args) throws IOException {
        Options options = ModelsCli.options(action);
        List<String> all = new ArrayList<>(List.of("--registry", registry.toString(), "--model-name", "intent"));
        if (options.all().contains(ModelsCli.CHANGED_BY)) {
            all.addAll(List.of("--changed-by", "alice"));
        }
        all.addAll(List.of(args));
        Options.Values values = options.parse(all.toArray(String[]::new));
        printed.reset();
        new ModelsCli(CLOCK, new PrintStream(printed, true, StandardCharsets.UTF_8)).run(action, values);
        return printed.toString(StandardCharsets.UTF_8);
    }

    private StageDocument current() throws IOException {
        return new ModelRegistry(new LocalRegistryStore(registry), "test", CLOCK).current("intent").orElseThrow();
    }

    @Test
    void publishPromoteRetireAndRollBack() throws IOException {
        for (String v : new String[] {"v1", "v2", "v3"}) {
            assertThat(models("publish", "--bundle", dir.resolve(v).toString())).startsWith("published intent version " + v);
        }
        assertThat(models("promote", "--version", "v1", "--stage", "production")).contains("revision 1: promote v1 to production");
        models("promote", "--version", "v2", "--stage", "challenger", "--share", "0.1");
        models("promote", "--version", "v3", "--stage", "shadow");
        assertThat(models("holdout", "--share", "0.05"))
                .contains("production v1, challenger v2 for 10% of users, shadow v3, holdout 5% of users");

        String list = models("list");
        assertThat(list).containsPattern("v1 +production +\\S+ +0\\.\\d{4}").containsPattern("v2 +challenger").containsPattern("v3 +shadow")
                .contains("stages (revision 4)");

        models("retire", "--version", "v3");
        models("promote", "--version", "v2", "--stage", "production");
        assertThat(current().production()).isEqualTo("v2");
        assertThat(current().challenger()).isNull();
        assertThat(models("rollback")).contains("roll back production from v2 to v1");
        assertThat(current().production()).isEqualTo("v1");
        assertThat(current().holdoutShare()).isEqualTo(0.05);

        String history = models("history");
        assertThat(history.lines().filter(l -> l.startsWith("revision "))).hasSize(7);
        assertThat(history).contains("2026-12-04T10:00:00Z  alice  promote v1 to production");
    }

    @Test
    void refusesABundleTheJobWouldRefuseAndChangesThatBreakTheStageRules() throws IOException {
        ModelBundle wrong = TestBundles.withWrongFeatures("bad");
        wrong.write(dir.resolve("bad"));
        assertThatThrownBy(() -> models("publish", "--bundle", dir.resolve("bad").toString()))
                .isInstanceOf(BundleException.class).hasMessageContaining("events_so_far");
        Files.writeString(dir.resolve("v1").resolve("model.json"), "{}");
        assertThatThrownBy(() -> models("publish", "--bundle", dir.resolve("v1").toString()))
                .isInstanceOf(BundleException.class).hasMessageContaining("corrupt");
        assertThat(new ModelRegistry(new LocalRegistryStore(registry), "t", CLOCK).versions("intent")).isEmpty();

        models("publish", "--bundle", dir.resolve("v2").toString());
        assertThatThrownBy(() -> models("promote", "--version", "v1", "--stage", "production"))
                .hasMessageContaining("not published");
        assertThatThrownBy(() -> models("promote", "--version", "v2", "--stage", "challenger"))
                .hasMessageContaining("--share");
        assertThatThrownBy(() -> models("rollback")).hasMessageContaining("no stages yet");
    }

    @Test
    void importsAModelTrainedElsewhereAndPublishesIt() throws IOException {
        Path json = dir.resolve("notebook-model.json");
        try (InputStream in = ModelsCliTest.class.getResourceAsStream("/foreign-model/model.json")) {
            Files.copy(in, json);
        }
        String out = models("import", "--xgboost-json", json.toString(), "--history", SampleData.rees46().toString(),
                "--input-format", "rees46", "--model-version", "notebook-1", "--output", dir.resolve("imported").toString());

        assertThat(out).contains("imported notebook-1 (XGBoost 1.7.4, 20 trees)", "published intent version notebook-1");
        assertThat(ModelBundle.read(dir.resolve("imported")).metadata().modelVersion).isEqualTo("notebook-1");
        models("promote", "--version", "notebook-1", "--stage", "production");
        ModelBundle published = new ModelRegistry(new LocalRegistryStore(registry), "t", CLOCK).load("intent", "notebook-1");
        assertThat(BundleValidation.validate(published, "registry")).isEqualTo("java");
    }
}
