package io.intentstream.trainer;

import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.ReferenceBatches;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Step 5 of training: completes the bundle with its metrics and its reference batch (real example rows
 * spread over the history plus probe rows, with XGBoost4J's margins for them, against which the job checks
 * its scorer at load time) and writes it.
 */
final class WriteStep {
    private WriteStep() {}

    /**
     * @param described the booster with its description (DescribeStep); its metadata is completed in place
     * @return the bundle as written to {@code directory}
     */
    static ModelBundle run(ModelBundle described, Map<String, Map<String, Double>> metrics, ExampleSet examples,
            Path directory) throws IOException {
        BundleMetadata meta = described.metadata();
        meta.metrics = metrics;
        meta.referenceBatch = ReferenceBatches.build(described, ReferenceRows.pick(examples), ReferenceRows.PROBE_ROWS);
        described.write(directory);
        return described;
    }
}
