package io.intentstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.events.EventFormat;
import io.intentstream.features.FeatureConfig;
import io.intentstream.model.BundleException;
import io.intentstream.model.JavaTreeScorer;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.ScorerSelector;
import io.intentstream.testing.SampleData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model trained by another XGBoost (XGBoost4J 1.7.4; how: foreign-model/TrainWithXGBoost174.java beside the
 * resources) imported into a bundle: the Java evaluator reproduces the margins 1.7.4 computed, bit for bit, and
 * the bundle passes the job's checks; a model with other features is refused, naming them.
 */
class ModelImportTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ModelImportTest.class.getResourceAsStream("/foreign-model/" + name)) {
            return in.readAllBytes();
        }
    }

    private static ModelBundle imported() throws IOException {
        return ModelImport.fromXGBoostJson(resource("model.json"), SampleData.rees46(), EventFormat.REES46_CSV,
                FeatureConfig.defaults(), "imported-1", NOW);
    }

    @Test
    void theJavaEvaluatorReproducesTheForeignXGBoostsMarginsBitForBit() throws IOException {
        ModelBundle bundle = imported();
        JavaTreeScorer java = JavaTreeScorer.fromBundle(bundle);
        List<String> lines = new ArrayList<>(List.of(new String(resource("expected-margins.csv"), StandardCharsets.UTF_8)
                .split("\n")));
        lines.removeIf(l -> l.startsWith("#") || l.isBlank());
        assertThat(lines).hasSize(1_000);
        for (String line : lines) {
            String[] bits = line.split(",");
            float[] row = new float[bits.length - 1];
            for (int f = 0; f < row.length; f++) {
                row[f] = Float.intBitsToFloat(Integer.parseInt(bits[f]));
            }
            float expected = Float.intBitsToFloat(Integer.parseInt(bits[row.length]));
            assertThat(Float.floatToRawIntBits(java.margin(row))).as("margin of %s", line)
                    .isEqualTo(Float.floatToRawIntBits(expected));
        }
    }

    @Test
    void theImportedBundleIsCompleteAndPassesTheJobsChecks() throws IOException {
        ModelBundle bundle = imported();

        assertThat(bundle.metadata().xgboostVersion).isEqualTo("1.7.4");
        assertThat(bundle.metadata().objective).isEqualTo("binary:logistic");
        assertThat(bundle.metadata().numBoostedRounds).isEqualTo(20);
        assertThat(bundle.metadata().training).containsEntry("imported", true)
                .containsEntry("reference_rows_replayed", ModelImport.REFERENCE_ROWS);
        assertThat(bundle.metadata().referenceBatch.margins).hasSizeGreaterThan(ModelImport.REFERENCE_ROWS);
        try (ScorerSelector.Selection selection = ScorerSelector.select(bundle, ScorerSelector.Preference.AUTO)) {
            assertThat(selection.scorer().name()).isEqualTo("java");
        }
    }

    @Test
    void aModelWithOtherFeaturesIsRefusedNamingThem() throws IOException {
        String json = new String(resource("model.json"), StandardCharsets.UTF_8)
                .replace("\"cart_count\"", "\"carts\"");
        assertThatThrownBy(() -> ModelImport.fromXGBoostJson(json.getBytes(StandardCharsets.UTF_8), SampleData.rees46(),
                EventFormat.REES46_CSV, FeatureConfig.defaults(), "x", NOW))
                .isInstanceOf(BundleException.class).hasMessageContaining("lacks [cart_count]").hasMessageContaining("[carts]");
    }
}
