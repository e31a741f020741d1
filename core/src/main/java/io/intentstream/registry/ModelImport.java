package io.intentstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFormat;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionState;
import io.intentstream.model.BundleCompatibility;
import io.intentstream.model.BundleException;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.BundleValidation;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.ReferenceBatches;
import io.intentstream.replay.EventPartitions;
import io.intentstream.replay.HistoryReplay;
import io.intentstream.replay.ReplayListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns an XGBoost model trained elsewhere (a notebook's {@code booster.save_model("model.json")}) into a bundle:
 * its features must be those of a schema version the engine computes, by name and in order (the differences are
 * named otherwise); the reference
 * rows come from replaying an event sample through the engine, with margins from XGBoost4J, so the job's checks
 * (and the Java evaluator's proof) work as for a bundle the trainer wrote.
 */
public final class ModelImport {
    /** Replayed events kept as reference rows, spread over the sample; as many probe rows are added on split points. */
    static final int REFERENCE_ROWS = 512;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelImport() {}

    public static ModelBundle fromXGBoostJson(byte[] modelJson, Path history, EventFormat format, FeatureConfig config,
            String version, Instant now) throws IOException {
        JsonNode learner = JSON.readTree(modelJson).path("learner");
        List<String> names = new ArrayList<>();
        learner.path("feature_names").forEach(n -> names.add(n.asText()));
        if (names.isEmpty()) {
            throw new BundleException("the model has no feature names; train it with the engine's features by name, in "
                    + "this order: " + FeatureSchema.names());
        }
        String schema = FeatureSchema.versions().stream()
                .filter(v -> names.equals(FeatureSchema.names(v).orElseThrow())).findFirst().orElse(null);
        if (schema == null) {
            // Named against the version of the same width, if any: a session-only model that misspells one feature
            // should hear about that feature, not about every history feature.
            List<String> closest = FeatureSchema.versions().stream().map(v -> FeatureSchema.names(v).orElseThrow())
                    .filter(v -> v.size() == names.size()).findFirst().orElse(FeatureSchema.names());
            throw new BundleException("the model's features are not the engine's: "
                    + BundleCompatibility.describeDifference(names, closest) + "; the engine computes "
                    + FeatureSchema.VERSION + " (" + FeatureSchema.SIZE + " features, docs/features.md) or, for a model "
                    + "of the session features alone, " + FeatureSchema.SESSION_VERSION + " (the first "
                    + FeatureSchema.SESSION_SIZE + ")");
        }
        BundleMetadata meta = new BundleMetadata();
        meta.formatVersion = BundleMetadata.CURRENT_FORMAT_VERSION;
        meta.modelVersion = version;
        meta.createdAt = now.toString();
        meta.featureSchemaVersion = schema;
        meta.featureNames = new ArrayList<>(names);
        meta.featureConfig = BundleMetadata.FeatureConfigJson.of(config);
        meta.objective = learner.path("objective").path("name").asText(null);
        meta.boosterFile = ModelBundle.DEFAULT_BOOSTER_FILE;
        meta.xgboostVersion = xgboostVersion(modelJson);
        meta.numBoostedRounds = learner.path("gradient_booster").path("model").path("gbtree_model_param")
                .path("num_trees").asInt();
        String best = learner.path("attributes").path("best_iteration").asText(null);
        meta.bestIteration = best == null ? null : Integer.valueOf(best);
        meta.training.put("imported", true);
        meta.training.put("history", history.getFileName().toString());
        ModelBundle bundle = new ModelBundle(meta, modelJson);
        List<float[]> rows = replayedRows(history, format, config, names.size());
        meta.training.put("reference_rows_replayed", rows.size());
        meta.referenceBatch = ReferenceBatches.build(bundle, rows, REFERENCE_ROWS);
        BundleValidation.validate(bundle, "imported as " + version);
        return bundle;
    }

    private static String xgboostVersion(byte[] modelJson) throws IOException {
        JsonNode v = JSON.readTree(modelJson).path("version");
        if (!v.isArray() || v.size() != 3) {
            return null;
        }
        return v.get(0).asInt() + "." + v.get(1).asInt() + "." + v.get(2).asInt();
    }

    /** The feature rows of the history's events, in the engine's time order, at most {@link #REFERENCE_ROWS} spread evenly. */
    static List<float[]> replayedRows(Path history, EventFormat format, FeatureConfig config, int width) throws IOException {
        List<float[]> all = new ArrayList<>();
        Path spill = Files.createTempDirectory("intentstream-import");
        try (EventPartitions events = EventPartitions.read(history, format, ValidationRules.defaults(), Integer.MAX_VALUE, 1,
                spill)) {
            HistoryReplay replay = new HistoryReplay(config);
            for (List<ClickEvent> partition : events.partitions()) {
                replay.replay(partition, new ReplayListener() {
                    @Override
                    public void applied(ClickEvent event, SessionState session, float[] features) {
                        all.add(Arrays.copyOf(features, width));
                    }

                    @Override
                    public void sessionClosed(SessionState session) {}
                });
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot replay " + history + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(spill);
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("the history " + history + " holds no valid event to take reference rows from");
        }
        List<float[]> picked = new ArrayList<>();
        int take = Math.min(REFERENCE_ROWS, all.size());
        for (int k = 0; k < take; k++) {
            picked.add(all.get((int) ((long) k * all.size() / take)));
        }
        return picked;
    }
}
