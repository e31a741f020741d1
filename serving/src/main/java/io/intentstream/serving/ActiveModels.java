package io.intentstream.serving;

import io.intentstream.features.FeatureConfig;
import io.intentstream.model.BundleException;
import io.intentstream.model.BundleValidation;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.PrefixScorer;
import io.intentstream.model.PropensityScorer;
import io.intentstream.model.ScorerSelector;
import io.intentstream.registry.Arm;
import io.intentstream.registry.LocalRegistryStore;
import io.intentstream.registry.ModelRegistry;
import io.intentstream.registry.StageDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models /predict scores with, read and checked once at start as the job checks them (a bundle that fails
 * stops the service): one {@code --model} bundle, or the registry's stages, where each user is scored by the model
 * of the arm the job puts them in. Scorers are not thread-safe; {@link SessionScorer} holds the lock.
 */
final class ActiveModels implements AutoCloseable {
    private final StageDocument stages;
    private final String source;
    private final Map<String, ModelBundle> bundles;
    private final Map<String, PropensityScorer> scorers = new LinkedHashMap<>();
    private final Map<String, String> scorerNames = new LinkedHashMap<>();

    private ActiveModels(StageDocument stages, String source, Map<String, ModelBundle> bundles,
            ScorerSelector.Preference preference) {
        this.stages = stages;
        this.source = source;
        this.bundles = bundles;
        try {
            for (Map.Entry<String, ModelBundle> e : bundles.entrySet()) {
                BundleValidation.validate(e.getValue(), source + " " + e.getKey());
                ScorerSelector.Selection selection = ScorerSelector.select(e.getValue(), preference);
                scorers.put(e.getKey(), PrefixScorer.forEngineRows(selection.scorer(), e.getValue().metadata()));
                scorerNames.put(e.getKey(), selection.scorer().name());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A single bundle, as the job's {@code --model}. */
    static ActiveModels fixed(Path bundleDir, ScorerSelector.Preference preference) {
        ModelBundle bundle = ModelBundle.read(bundleDir);
        String version = bundle.metadata().modelVersion;
        StageDocument stages = new StageDocument("fixed", 0, null, version, null, List.of(), 0, null, null, "--model");
        return new ActiveModels(stages, "--model " + bundleDir, Map.of(version, bundle), preference);
    }

    /** The registry's current stages of {@code model}: production and challenger score, shadows are listed only. */
    static ActiveModels registry(Path root, String model, ScorerSelector.Preference preference) {
        ModelRegistry registry = new ModelRegistry(new LocalRegistryStore(root), "serving", Clock.systemUTC());
        StageDocument stages;
        try {
            stages = registry.current(model).orElseThrow(() -> new BundleException("registry " + root + " has no stages for "
                    + model + ": publish a version and promote it to production first (docs/lifecycle.md)"));
        } catch (IOException e) {
            throw new BundleException("cannot read registry " + root + ": " + e.getMessage(), e);
        }
        Map<String, ModelBundle> bundles = new LinkedHashMap<>();
        bundles.put(stages.production(), registry.load(model, stages.production()));
        if (stages.challenger() != null) {
            bundles.put(stages.challengerVersion(), registry.load(model, stages.challengerVersion()));
        }
        return new ActiveModels(stages, "registry " + root + " " + model, bundles, preference);
    }

    /** The arm the job puts {@code userId} in, and the version that scores it there. */
    record Assignment(String arm, String version) {}

    Assignment assign(String userId) {
        Arm arm = stages.armOf(userId);
        String version = arm == Arm.CHALLENGER ? stages.challengerVersion() : stages.production();
        return new Assignment(arm.wireName(), version);
    }

    PropensityScorer scorer(String version) {
        return scorers.get(version);
    }

    /** Feature settings of the production bundle; every active bundle of a registry shares them (docs/lifecycle.md). */
    FeatureConfig featureConfig() {
        return bundles.get(stages.production()).metadata().featureConfig.toConfig();
    }

    /** The body of GET /model/info. */
    Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("source", source);
        info.put("model", stages.model());
        info.put("revision", stages.revision());
        Map<String, Object> stageMap = new LinkedHashMap<>();
        stageMap.put("production", stages.production());
        if (stages.challenger() != null) {
            stageMap.put("challenger", Map.of("version", stages.challengerVersion(), "share", stages.challengerShare()));
        }
        stageMap.put("shadow", stages.shadow());
        stageMap.put("holdout_share", stages.holdoutShare());
        info.put("stages", stageMap);
        Map<String, Object> versions = new LinkedHashMap<>();
        bundles.forEach((version, bundle) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("target", "session-purchase");
            v.put("feature_schema_version", bundle.metadata().featureSchemaVersion);
            v.put("features", bundle.metadata().featureNames.size());
            v.put("created_at", bundle.metadata().createdAt);
            v.put("scorer", scorerNames.get(version));
            versions.put(version, v);
        });
        info.put("versions", versions);
        info.put("summary", stages.summary());
        return info;
    }

    @Override
    public void close() {
        scorers.values().forEach(PropensityScorer::close);
    }
}
