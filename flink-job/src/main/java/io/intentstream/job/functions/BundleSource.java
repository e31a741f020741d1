package io.intentstream.job.functions;

import io.intentstream.model.ModelBundle;
import java.io.Serializable;

/** Where a scoring subtask reads a published version it does not have yet (the registry). */
@FunctionalInterface
public interface BundleSource extends Serializable {
    ModelBundle load(String model, String version) throws Exception;

    /** For a job with one fixed bundle: there is nothing else to load. */
    static BundleSource none() {
        return (model, version) -> {
            throw new IllegalStateException("version " + version + " of " + model + " is not known to a job with a fixed model");
        };
    }
}
