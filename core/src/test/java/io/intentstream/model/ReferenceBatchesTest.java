package io.intentstream.model;

import static io.intentstream.model.CraftedModels.leaf;
import static io.intentstream.model.CraftedModels.split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reference batches: built with XGBoost4J's margins, stored in bundle.json and read back exactly. */
class ReferenceBatchesTest {
    private static final byte[] MODEL = CraftedModels.model("3E-1", null, 3, 1,
            split(0, 1f, true, split(2, -0.5f, false, leaf(0.1f), leaf(0.3f)), leaf(-0.2f)),
            split(1, 10f, false, leaf(0.05f), leaf(-0.15f)));

    private static ModelBundle bundle() {
        ModelBundle bundle = TrainedModels.bundle(MODEL, null, 3);
        bundle.metadata().featureSchemaVersion = "test";
        return bundle;
    }

    @Test
    void batchSurvivesBundleJsonWithMissingValuesAsNullAndMarginsExact(@TempDir Path dir) throws IOException {
        List<float[]> rows = List.of(
                new float[] {0.5f, Float.NaN, -1f},
                new float[] {Float.NaN, Float.NaN, Float.NaN},
                new float[] {1f, 10f, -0f},
                new float[] {Math.nextDown(1f), 1e30f, Float.MIN_VALUE});
        ModelBundle bundle = bundle();
        bundle.metadata().referenceBatch = ReferenceBatches.build(bundle, rows);

        bundle.write(dir);
        assertThat(Files.readString(dir.resolve(ModelBundle.METADATA_FILE))).contains("null");
        BundleMetadata.ReferenceBatch read = ModelBundle.read(dir).metadata().referenceBatch;

        float[][] readRows = ReferenceBatches.rows(read, 3);
        for (int r = 0; r < rows.size(); r++) {
            assertThat(bits(readRows[r])).containsExactly(bits(rows.get(r)));
        }
        float[] margins = ReferenceBatches.margins(read);
        JavaTreeScorer java = JavaTreeScorer.fromModelJson(MODEL);
        for (int r = 0; r < rows.size(); r++) {
            assertThat(margins[r]).isEqualTo(CraftedModels.xgboostMargin(MODEL, null, rows.get(r)));
            assertThat(java.margin(readRows[r])).isEqualTo(margins[r]);
        }
    }

    @Test
    void trainerBatchIsTheExampleRowsThenProbesOfTheModelsSplits() {
        List<float[]> examples = List.of(new float[] {2f, 3f, 4f}, new float[] {0f, 20f, Float.NaN});

        BundleMetadata.ReferenceBatch batch = ReferenceBatches.build(bundle(), examples, 200);

        float[][] rows = ReferenceBatches.rows(batch, 3);
        assertThat(rows).hasNumberOfRows(202);
        assertThat(rows[0]).containsExactly(2f, 3f, 4f);
        assertThat(rows[2]).containsOnly(Float.NaN);
        JavaTreeScorer java = JavaTreeScorer.fromModelJson(MODEL);
        assertThat(ScorerSelector.check(java, rows, ReferenceBatches.margins(batch)).matching()).isSameAs(java);
    }

    @Test
    void aMissingValueStoredAsNaNIsReadAsMissingToo() {
        BundleMetadata.ReferenceBatch batch = new BundleMetadata.ReferenceBatch();
        batch.features.add(new ArrayList<>(Arrays.asList(Float.NaN, null, 2f)));
        batch.margins.add(0.5f);

        float[] row = ReferenceBatches.rows(batch, 3)[0];
        assertThat(row[0]).isNaN();
        assertThat(row[1]).isNaN();
        assertThat(row[2]).isEqualTo(2f);
    }

    @Test
    void malformedBatchesAreReported() {
        BundleMetadata.ReferenceBatch moreRowsThanMargins = new BundleMetadata.ReferenceBatch();
        moreRowsThanMargins.features.add(List.of(1f, 2f, 3f));

        assertThatThrownBy(() -> ReferenceBatches.rows(moreRowsThanMargins, 3))
                .isInstanceOf(BundleException.class)
                .hasMessage("reference_batch is malformed: 1 feature rows but 0 margins");
        moreRowsThanMargins.margins.add(null);
        assertThatThrownBy(() -> ReferenceBatches.margins(moreRowsThanMargins))
                .isInstanceOf(BundleException.class)
                .hasMessage("reference_batch margin 0 is missing");
    }

    @Test
    void syntheticRowsAreReproducibleAndProbeEverySplitBoundary() {
        JavaTreeScorer java = JavaTreeScorer.fromModelJson(MODEL);
        List<float[]> rows = ReferenceBatches.syntheticRows(java, 400, 9);
        List<float[]> again = ReferenceBatches.syntheticRows(java, 400, 9);

        for (int r = 0; r < rows.size(); r++) {
            assertThat(bits(rows.get(r))).containsExactly(bits(again.get(r)));
        }
        assertThat(rows.get(0)).containsOnly(Float.NaN);
        assertThat(bits(rows.get(1))).containsOnly(Float.floatToRawIntBits(0f));
        assertThat(bits(rows.get(2))).containsOnly(Float.floatToRawIntBits(-0f));
        List<Float> feature0 = new ArrayList<>();
        rows.forEach(row -> feature0.add(row[0]));
        assertThat(feature0).contains(1f, Math.nextDown(1f), Math.nextUp(1f), Float.NaN, -Float.MAX_VALUE);
    }

    private static int[] bits(float[] row) {
        int[] bits = new int[row.length];
        for (int i = 0; i < row.length; i++) {
            bits[i] = Float.floatToRawIntBits(row[i]);
        }
        return bits;
    }
}
