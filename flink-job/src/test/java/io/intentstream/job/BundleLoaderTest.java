package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentstream.job.functions.ScorerFactory;
import io.intentstream.model.BundleException;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.Calibration;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.ReferenceBatches;
import io.intentstream.model.ScorerSelector;
import io.intentstream.model.XGBoostScorer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job refuses unusable model bundles before it starts, with a message that names the problem. */
class BundleLoaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path copyOfSample() throws Exception {
        Path dir = tmp.resolve("bundle");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(JobTestSupport.SAMPLE_BUNDLE)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private ObjectNode metadata(Path dir) throws Exception {
        return (ObjectNode) JSON.readTree(dir.resolve(ModelBundle.METADATA_FILE).toFile());
    }

    private void write(Path dir, ObjectNode metadata) throws Exception {
        JSON.writeValue(dir.resolve(ModelBundle.METADATA_FILE).toFile(), metadata);
    }

    private static ModelBundle load(Path dir) {
        return BundleLoader.loadAndCheck(dir.toString(), XGBoostScorer::new);
    }

    @Test
    void sampleBundleLoads() throws Exception {
        assertThat(load(copyOfSample()).metadata().modelVersion).isEqualTo("sample-rees46-1");
    }

    @Test
    void aCalibratedBundleIsCheckedThroughItsCalibrationAndRefusedWhenItWasEdited() throws Exception {
        Path dir = copyOfSample();
        ModelBundle sample = ModelBundle.read(dir);
        BundleMetadata meta = sample.metadata();
        meta.calibration = Calibration.platt(0.9, -0.3).toJson();
        meta.formatVersion = BundleMetadata.CURRENT_FORMAT_VERSION;
        // As the trainer does: the reference batch is scored through the calibrated bundle.
        meta.referenceBatch = ReferenceBatches.build(sample,
                Arrays.asList(ReferenceBatches.rows(meta.referenceBatch, meta.featureNames.size())));
        sample.write(dir);
        ScorerFactory auto = bundle -> ScorerSelector.select(bundle, ScorerSelector.Preference.AUTO).scorer();

        assertThat(BundleLoader.check(dir.toString(), auto).scorer()).isEqualTo("java");

        ObjectNode edited = metadata(dir);
        ((ObjectNode) edited.get("calibration")).put("slope", 0.91);
        write(dir, edited);
        assertThatThrownBy(() -> BundleLoader.check(dir.toString(), auto))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("not the one the trainer fitted");
    }

    @Test
    void renamedFeatureIsRejectedNamingBothSides() throws Exception {
        Path dir = copyOfSample();
        ObjectNode meta = metadata(dir);
        ((ArrayNode) meta.get("feature_names")).set(2, "carts_so_far");
        write(dir, meta);

        assertThatThrownBy(() -> load(dir))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("does not match this feature engine")
                .hasMessageContaining("lacks [cart_count]")
                .hasMessageContaining("[carts_so_far]");
    }

    @Test
    void droppedFeatureIsRejected() throws Exception {
        Path dir = copyOfSample();
        ObjectNode meta = metadata(dir);
        ((ArrayNode) meta.get("feature_names")).remove(25);
        write(dir, meta);

        assertThatThrownBy(() -> load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("bundle 25 features, engine 26")
                .hasMessageContaining("lacks [is_weekend]");
    }

    @Test
    void reorderedFeaturesAreRejectedNamingThePosition() throws Exception {
        Path dir = copyOfSample();
        ObjectNode meta = metadata(dir);
        ArrayNode names = (ArrayNode) meta.get("feature_names");
        String first = names.get(0).asText();
        names.set(0, names.get(1).asText());
        names.set(1, first);
        write(dir, meta);

        assertThatThrownBy(() -> load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("position 0 is 'view_count' in the bundle and 'event_count' in the engine");
    }

    @Test
    void otherFeatureSchemaVersionIsRejected() throws Exception {
        Path dir = copyOfSample();
        ObjectNode meta = metadata(dir);
        meta.put("feature_schema_version", "session-features-0");
        write(dir, meta);

        assertThatThrownBy(() -> load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("feature_schema_version is session-features-0");
    }

    @Test
    void missingBundleIsRejected() {
        assertThatThrownBy(() -> load(tmp.resolve("nowhere"))).isInstanceOf(BundleException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void missingBoosterFileIsRejected() throws Exception {
        Path dir = copyOfSample();
        Files.delete(dir.resolve("model.json"));
        assertThatThrownBy(() -> load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("missing its booster file model.json");
    }

    @Test
    void corruptBoosterIsRejectedByChecksum() throws Exception {
        Path dir = copyOfSample();
        byte[] booster = Files.readAllBytes(dir.resolve("model.json"));
        booster[booster.length / 2] ^= 1;
        Files.write(dir.resolve("model.json"), booster);
        assertThatThrownBy(() -> load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("model.json is corrupt");
    }

    @Test
    void unparsableBoosterWithoutChecksumIsRejectedByXGBoost() throws Exception {
        Path dir = copyOfSample();
        Files.writeString(dir.resolve("model.json"), "{\"learner\": 42}", StandardCharsets.UTF_8);
        ObjectNode meta = metadata(dir);
        meta.remove("booster_sha256");
        write(dir, meta);
        assertThatThrownBy(() -> load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("could not load the booster");
    }

    @Test
    void unparsableMetadataIsRejected() throws Exception {
        Path dir = copyOfSample();
        Files.writeString(dir.resolve(ModelBundle.METADATA_FILE), "{ not json", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("is not valid bundle metadata");
    }
}
