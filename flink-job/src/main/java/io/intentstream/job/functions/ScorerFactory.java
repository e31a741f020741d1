package io.intentstream.job.functions;

import io.intentstream.model.ModelBundle;
import io.intentstream.model.PropensityScorer;
import java.io.Serializable;

/** Builds the scorer on the task manager; the bundle itself is checked and shipped by the client. */
@FunctionalInterface
public interface ScorerFactory extends Serializable {
    PropensityScorer create(ModelBundle bundle);
}
