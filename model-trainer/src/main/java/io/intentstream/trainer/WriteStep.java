package io.intentstream.trainer;

import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.ReferenceBatches;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Step 7 of training: completes the bundle with its metrics, the report's evaluation details and its reference
 * batch (real example rows spread over the history plus probe rows, with XGBoost4J's margins for them and, when
 * the bundle is calibrated, the calibrated propensities, against which the job checks its scorer at load time)
 * and writes it.
 */
final class WriteStep {
    private WriteStep() {}

    /**
     * @param described the booster with its description (DescribeStep) and calibration, if kept; its metadata is
     *     completed in place
     * @param evaluation bundle.json's {@code evaluation} section, or {@code null}
     * @return the bundle as written to {@code directory}
     */
    static ModelBundle run(ModelBundle described, Map<String, Map<String, Double>> metrics, Map<String, Object> evaluation,
            ExampleSet examples, Path directory) throws IOException {
        BundleMetadata meta = described.metadata();
        meta.metrics = metrics;
        meta.evaluation = evaluation;
        meta.referenceBatch = ReferenceBatches.build(described, ReferenceRows.pick(examples), ReferenceRows.PROBE_ROWS);
        described.write(directory);
        return described;
    }

    /** As {@link #run(ModelBundle, Map, Map, ExampleSet, Path)} without evaluation details. */
    static ModelBundle run(ModelBundle described, Map<String, Map<String, Double>> metrics, ExampleSet examples,
            Path directory) throws IOException {
        return run(described, metrics, null, examples, directory);
    }
}
