package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.cli.Options;
import io.intentstream.job.connectors.registry.RegistryModels;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.XGBoostScorer;
import io.intentstream.registry.LocalRegistryStore;
import io.intentstream.registry.ModelRegistry;
import io.intentstream.registry.Stage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --user-models target=registry:<name>}: the production version of that registry model, read at start. */
class UserModelsFromRegistryTest {
    @TempDir
    Path registry;

    private Options.Values options() {
        return JobOptions.options().parse(new String[] {"--registry", registry.toString(), "--model-name", "session"});
    }

    @Test
    void aRegistryLocationLoadsThatModelsProductionVersion() throws Exception {
        ModelRegistry models = new ModelRegistry(new LocalRegistryStore(registry), "test", Clock.systemUTC());
        models.publish("repeat", JobTestSupport.repeatPurchaseBundle("rp-1"));
        models.publish("repeat", JobTestSupport.repeatPurchaseBundle("rp-2"));
        models.promote("repeat", "rp-1", Stage.PRODUCTION, 0);
        models.promote("repeat", "rp-2", Stage.PRODUCTION, 0);
        Options.Values options = options();

        List<ModelBundle> loaded = BundleLoader.userModels("repeat-purchase=registry:repeat", XGBoostScorer::new,
                name -> RegistryModels.production(options, name));

        assertThat(loaded).extracting(b -> b.metadata().modelVersion).containsExactly("rp-2");
        assertThatThrownBy(() -> BundleLoader.userModels("repeat-purchase=registry:unknown", XGBoostScorer::new,
                name -> RegistryModels.production(options, name)))
                .hasMessageContaining("has no stages for unknown");
        assertThatThrownBy(() -> BundleLoader.userModels("next-purchase-days=registry:repeat", XGBoostScorer::new,
                name -> RegistryModels.production(options, name)))
                .hasMessageContaining("predicts repeat-purchase, not next-purchase-days");
    }

    @Test
    void aRegistryLocationWithoutARegistryIsRefused() {
        assertThatThrownBy(() -> BundleLoader.userModels("repeat-purchase=registry:repeat", XGBoostScorer::new, null))
                .hasMessageContaining("has no --registry");
    }
}
