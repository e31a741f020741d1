package io.intentstream.job.connectors.registry;

import io.intentstream.cli.Options;
import io.intentstream.job.functions.ModelSet;
import io.intentstream.job.pipeline.ModelInput;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.model.BundleException;
import io.intentstream.model.BundleValidation;
import io.intentstream.model.ModelBundle;
import io.intentstream.registry.ModelRegistry;
import io.intentstream.registry.StageDocument;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The models of a job that follows a registry: what it starts with, and the watcher that follows the stages. */
public final class RegistryModels {
    public static final String WATCHER_UID = "model-watcher";

    private RegistryModels() {}

    /**
     * The registry's current stages and their bundles, read and checked by the client at submission, as the job
     * checks a fixed {@code --model}: a registry without stages, or an active version that fails, stops it.
     */
    public static ModelSet load(Options.Values options) {
        String location = options.get(RegistryOptions.REGISTRY);
        String model = options.get(RegistryOptions.MODEL_NAME);
        ModelRegistry registry = new ModelRegistry(FlinkRegistryStore.open(location), "job", Clock.systemUTC());
        StageDocument stages = stages(registry, location, model);
        List<ModelBundle> bundles = new ArrayList<>();
        for (String version : stages.activeVersions()) {
            ModelBundle bundle = registry.load(model, version);
            BundleValidation.validate(bundle, model + " " + version + " in " + location);
            bundles.add(bundle);
        }
        return new ModelSet(stages, bundles);
    }

    private static StageDocument stages(ModelRegistry registry, String location, String model) {
        try {
            return registry.current(model).orElseThrow(() -> new BundleException("registry " + location + " has no stages "
                    + "for " + model + ": publish a version and promote it to production first (docs/lifecycle.md)"));
        } catch (IOException e) {
            throw new BundleException("cannot read registry " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * The production version of {@code model} in the job's registry, for a user-level model ({@code --user-models
     * target=registry:<model>}): read once when the job starts; promoting another version takes a restart.
     */
    public static ModelBundle production(Options.Values options, String model) {
        String location = options.get(RegistryOptions.REGISTRY);
        ModelRegistry registry = new ModelRegistry(FlinkRegistryStore.open(location), "job", Clock.systemUTC());
        StageDocument stages = stages(registry, location, model);
        return registry.load(model, stages.production());
    }

    /**
     * The job's model input: one watcher (parallelism 1) polls the registry and sends the stages to score with to
     * every scoring subtask. It polls once when the events are bounded (a replay scores with the stages of its
     * start), every {@code --registry-poll-interval} otherwise.
     */
    public static ModelInput watch(StreamExecutionEnvironment env, Options.Values options, ModelSet initial, boolean bounded) {
        String location = options.get(RegistryOptions.REGISTRY);
        String model = options.get(RegistryOptions.MODEL_NAME);
        RegistryPoller poller = new RegistryPoller(location, model, initial.stages(),
                initial.production().metadata().featureConfig.toConfig());
        double pollsPerSecond = 1000.0 / Math.max(1, options.get(RegistryOptions.POLL_INTERVAL).toMillis());
        // Bounded: the one poll at once, so the job can end as soon as its events are scored.
        DataGeneratorSource<ModelUpdate> source = new DataGeneratorSource<>(poller, bounded ? 1 : Long.MAX_VALUE,
                bounded ? RateLimiterStrategy.noOp() : RateLimiterStrategy.perSecond(pollsPerSecond),
                TypeInformation.of(ModelUpdate.class));
        DataStream<ModelUpdate> updates = env.fromSource(source, WatermarkStrategy.noWatermarks(), "model registry " + model)
                .setParallelism(1).uid(WATCHER_UID);
        return new ModelInput(updates, initial, new RegistryBundles(location));
    }
}
