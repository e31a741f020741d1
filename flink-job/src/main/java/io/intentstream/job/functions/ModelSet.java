package io.intentstream.job.functions;

import io.intentstream.model.ModelBundle;
import io.intentstream.registry.StageDocument;
import java.io.Serializable;
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
