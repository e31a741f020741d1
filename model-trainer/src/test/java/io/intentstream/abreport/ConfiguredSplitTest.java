package io.intentstream.abreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentstream.registry.Arm;
import io.intentstream.registry.LocalRegistryStore;
import io.intentstream.registry.ModelRegistry;
import io.intentstream.registry.StageDocument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configured split, from options or from the registry's stage history. */
class ConfiguredSplitTest {
    static final String MODEL = "purchase-intent";

    @TempDir
    Path registryRoot;

    /** Writes a stage revision as ModelRegistry does, without publishing bundles (the split needs only the stages). */
    static void stage(Path root, long revision, String experiment, StageDocument.Challenger challenger, double holdout,
            String at) throws Exception {
        StageDocument d = new StageDocument(MODEL, revision, experiment, "v1", challenger, List.of(), holdout, at, "test",
                "revision " + revision);
        new LocalRegistryStore(root).createAtomically(MODEL + "/stages/" + String.format(Locale.ROOT, "%012d.json", revision),
                d.toJson().getBytes(StandardCharsets.UTF_8));
    }

    private ModelRegistry registry() {
        return new ModelRegistry(new LocalRegistryStore(registryRoot), "test", Clock.systemUTC());
    }

    @Test
    void readsTheCurrentSharesAndWhenTheExperimentStarted() throws Exception {
        stage(registryRoot, 1, null, null, 0, "2019-09-01T00:00:00Z");
        stage(registryRoot, 2, "purchase-intent-2", new StageDocument.Challenger("v2", 0.2), 0.1, "2019-09-20T00:00:00Z");
        ConfiguredSplit s = ConfiguredSplit.fromRegistry(registry(), MODEL, Instant.parse("2019-09-20T00:00:00Z"));
        assertThat(s.source()).isEqualTo("registry");
        assertThat(s.experiment()).isEqualTo("purchase-intent-2");
        assertThat(s.since()).isEqualTo("2019-09-20T00:00:00Z");
        assertThat(s.share(Arm.CHALLENGER)).isEqualTo(0.2);
        assertThat(s.share(Arm.HOLDOUT)).isEqualTo(0.1);
        assertThat(s.share(Arm.CHAMPION)).isCloseTo(0.7, within(1e-12));
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void warnsOfSessionsBeforeTheExperimentAndOfSharesChangedDuringIt() throws Exception {
        stage(registryRoot, 1, null, null, 0, "2019-09-01T00:00:00Z");
        stage(registryRoot, 2, "purchase-intent-2", new StageDocument.Challenger("v2", 0.2), 0, "2019-09-20T00:00:00Z");
        stage(registryRoot, 3, "purchase-intent-2", new StageDocument.Challenger("v2", 0.2), 0.1, "2019-09-25T00:00:00Z");
        ConfiguredSplit s = ConfiguredSplit.fromRegistry(registry(), MODEL, null);
        assertThat(s.since()).isEqualTo("2019-09-20T00:00:00Z");
        assertThat(s.warnings()).hasSize(2);
        assertThat(s.warnings().get(0)).contains("shares changed", "revision 3 at 2019-09-25T00:00:00Z");
        assertThat(s.warnings().get(1)).contains("started at 2019-09-20T00:00:00Z", "--from 2019-09-20T00:00:00Z");
    }

    @Test
    void withoutAnExperimentEveryUserIsTheChampions() throws Exception {
        stage(registryRoot, 1, null, null, 0, "2019-09-01T00:00:00Z");
        ConfiguredSplit s = ConfiguredSplit.fromRegistry(registry(), MODEL, null);
        assertThat(s.share(Arm.CHAMPION)).isEqualTo(1.0);
        assertThat(s.experiment()).isNull();
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void refusesAModelWithoutStagesAndSharesThatLeaveNoChampion() {
        assertThatThrownBy(() -> ConfiguredSplit.fromRegistry(registry(), MODEL, null)).hasMessageContaining("no stages");
        assertThatThrownBy(() -> ConfiguredSplit.of(0.6, 0.4)).hasMessageContaining("leave some users to the champion");
    }
}
