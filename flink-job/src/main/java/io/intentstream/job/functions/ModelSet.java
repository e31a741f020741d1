package io.intentstream.job.functions;

import io.intentstream.model.ModelBundle;
import io.intentstream.registry.StageDocument;
import io.intentstream.features.FeatureConfig;
import io.intentstream.model.Target;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stages a job starts with and their bundles, checked by the client at submission: one fixed bundle
 * ({@code --model}), or the registry's current revision ({@code --registry}).
 */
public final class ModelSet implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String stagesJson;
    private final LinkedHashMap<String, ModelBundle> bundles = new LinkedHashMap<>();
    /** Bundles of user-level targets, scored at purchase events for the job's life ({@code --user-models}). */
    private final ArrayList<ModelBundle> userBundles = new ArrayList<>();

    public ModelSet(StageDocument stages, List<ModelBundle> bundles) {
        this.stagesJson = stages.toJson();
        for (ModelBundle b : bundles) {
            this.bundles.put(b.metadata().modelVersion, b);
        }
        for (String version : stages.activeVersions()) {
            if (!this.bundles.containsKey(version)) {
                throw new IllegalArgumentException("no bundle for version " + version + " of " + stages.model());
            }
        }
    }

    /** One bundle in production and nothing else, under the model name {@code fixed}. */
    public static ModelSet fixed(ModelBundle bundle) {
        String version = bundle.metadata().modelVersion;
        return new ModelSet(new StageDocument("fixed", 0, null, version, null, List.of(), 0, null, null, "--model"),
                List.of(bundle));
    }

    /**
     * The same stages and bundles with {@code userBundles}, each of a user-level target: they read the features the
     * production bundle's engine computes, so their feature configuration must be the production bundle's.
     */
    public ModelSet withUserModels(List<ModelBundle> userBundles) {
        ModelSet copy = new ModelSet(stages(), new ArrayList<>(bundles.values()));
        FeatureConfig engine = production().metadata().featureConfig.toConfig();
        Set<String> targets = new HashSet<>();
        for (ModelBundle b : userBundles) {
            Target target = Target.ofBundle(b.metadata().target);
            if (!target.userLevel()) {
                throw new IllegalArgumentException("user model " + b.metadata().modelVersion + " is a " + target
                        + " model; user models are of the targets " + Target.REPEAT_PURCHASE + " and " + Target.NEXT_PURCHASE_DAYS);
            }
            if (!targets.add(target.optionName())) {
                throw new IllegalArgumentException("two user models of the target " + target + "; give one per target");
            }
            if (!engine.equals(b.metadata().featureConfig.toConfig())) {
                throw new IllegalArgumentException("user model " + b.metadata().modelVersion + " was trained with the feature"
                        + " settings " + b.metadata().featureConfig.toConfig() + ", the job computes " + engine
                        + " (those of its production bundle): retrain it with the same settings");
            }
        }
        copy.userBundles.addAll(userBundles);
        return copy;
    }

    /** The user-level bundles, in the order given. */
    public List<ModelBundle> userBundles() {
        return userBundles;
    }

    public StageDocument stages() {
        return StageDocument.fromJson(stagesJson);
    }

    public Map<String, ModelBundle> bundles() {
        return bundles;
    }

    /** The production bundle, whose feature configuration the job's engine uses for its whole life. */
    public ModelBundle production() {
        return bundles.get(stages().production());
    }
}
