package io.intentstream.job.connectors.registry;

import io.intentstream.cli.Option;
import java.time.Duration;
import java.util.List;

/** Options of the model registry the job follows instead of one fixed {@code --model} (docs/lifecycle.md). */
public final class RegistryOptions {
    private RegistryOptions() {}

    public static final Option<String> REGISTRY = Option.string("registry", null,
            "model registry root (any Flink file system path); with it the job scores with the registry's current stages "
                    + "of --model-name and follows their changes without a restart; without it, --model is fixed");
    public static final Option<String> MODEL_NAME = Option.string("model-name", "purchase-intent",
            "model in the registry");
    public static final Option<Duration> POLL_INTERVAL = Option.duration("registry-poll-interval", Duration.ofSeconds(10),
            "how often the job reads the registry's stages");

    public static List<Option<?>> all() {
        return List.of(REGISTRY, MODEL_NAME, POLL_INTERVAL);
    }
}
