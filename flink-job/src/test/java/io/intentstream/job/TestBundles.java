package io.intentstream.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.PrefixScorer;
import io.intentstream.model.PropensityScorer;
import io.intentstream.model.ReferenceBatches;
import io.intentstream.model.XGBoostScorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Model bundles for lifecycle tests, made from the sample bundle: the same trees under another version, with
 * another base score, so that every row scores differently, and a reference batch recomputed by XGBoost4J, so the
 * bundle passes every check a real one does.
 */
public final class TestBundles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestBundles() {}

    /** The sample's trees under {@code version}, with base score {@code baseScore} (the sample's is about 0.138). */
    public static ModelBundle variant(String version, double baseScore) {
        ModelBundle sample = JobTestSupport.sampleBundle();
        try {
            ObjectNode model = (ObjectNode) JSON.readTree(sample.boosterJson());
            ((ObjectNode) model.get("learner").get("learner_model_param")).put("base_score", Float.toString((float) baseScore));
            byte[] booster = JSON.writeValueAsBytes(model);
            BundleMetadata metadata = sample.metadata();
            metadata.modelVersion = version;
            metadata.boosterSha256 = ModelBundle.sha256(booster);
            ModelBundle unchecked = new ModelBundle(metadata, booster);
            List<float[]> rows = new ArrayList<>(List.of(ReferenceBatches.rows(metadata.referenceBatch, metadata.featureNames.size())));
            metadata.referenceBatch = ReferenceBatches.build(unchecked, rows);
            return unchecked;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bundle the job must refuse: its features are not the engine's. */
    public static ModelBundle withWrongFeatures(String version) {
        ModelBundle bundle = variant(version, 0.2);
        List<String> names = new ArrayList<>(bundle.metadata().featureNames);
        names.set(0, "events_so_far");
        bundle.metadata().featureNames = names;
        return bundle;
    }

    /** The propensity {@code bundle} gives an engine row (the prefix its schema reads), through XGBoost4J. */
    public static float score(ModelBundle bundle, float[] features) {
        try (PropensityScorer scorer = PrefixScorer.forEngineRows(new XGBoostScorer(bundle), bundle.metadata())) {
            return scorer.predict(features);
        }
    }
}
