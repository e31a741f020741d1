package io.intentstream.job.connectors.registry;

import io.intentstream.job.functions.BundleSource;
import io.intentstream.model.ModelBundle;
import io.intentstream.registry.ModelRegistry;
import java.time.Clock;

/** Published versions read by a scoring subtask from the registry, when a new revision or a restore needs them. */
final class RegistryBundles implements BundleSource {
    private static final long serialVersionUID = 1L;

    private final String location;
    private transient ModelRegistry registry;

    RegistryBundles(String location) {
        this.location = location;
    }

    @Override
    public ModelBundle load(String model, String version) {
        if (registry == null) {
            registry = new ModelRegistry(FlinkRegistryStore.open(location), "job", Clock.systemUTC());
        }
        return registry.load(model, version);
    }
}
