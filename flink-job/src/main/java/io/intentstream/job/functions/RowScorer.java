package io.intentstream.job.functions;

import io.intentstream.features.SessionState;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.model.ReasonCodes;
import io.intentstream.registry.Arm;

/**
 * Scores the rows a {@link ScoringBatch} holds with the current models and emits what waited on them: each
 * row's score under its user's arm, the shadow models' scores, then the outcomes of the sessions closed meanwhile.
 */
final class RowScorer {
    private final ScoringBatch batch;
    private final ModelSwitch models;
    private final ScoringEmitter emit;
    private final float[] shadowPropensities;
    private final ScoringSettings.Explain explain;

    RowScorer(ScoringBatch batch, ModelSwitch models, ScoringEmitter emit, int capacity) {
        this(batch, models, emit, capacity, ScoringSettings.Explain.OFF);
    }

    RowScorer(ScoringBatch batch, ModelSwitch models, ScoringEmitter emit, int capacity, ScoringSettings.Explain explain) {
        this.batch = batch;
        this.models = models;
        this.emit = emit;
        this.shadowPropensities = new float[capacity];
        this.explain = explain;
    }

    void scoreRows() {
        if (batch.hasNoRows()) {
            return;
        }
        ScoringModels current = models.models();
        batch.score(current.scorers());
        for (int i = 0; i < batch.size(); i++) {
            if (batch.error(i) != null) {
                emit.scoringError(batch.event(i), batch.error(i));
            } else {
                float[] features = batch.features(i);
                ReasonCodes reasons = current.reasons(batch.slot(i));
                if (reasons != null && !explain.covers(batch.event(i).eventId)) {
                    reasons = null;
                }
                if (reasons != null) {
                    reasons.explain(features);
                }
                emit.score(batch.event(i), current.version(batch.slot(i)), batch.arm(i), batch.propensity(i), features,
                        batch.outOfOrder(i), reasons);
            }
        }
        for (int s = 0; s < current.shadows().length; s++) {
            batch.scoreShadow(current.shadows()[s], shadowPropensities);
            for (int i = 0; i < batch.size(); i++) {
                emit.shadowScore(batch.event(i), current.shadowVersion(s), shadowPropensities[i], batch.features(i),
                        batch.outOfOrder(i));
            }
        }
        batch.closedSessions().forEach(this::outcome);
        batch.clearRows();
    }

    /** A closed session's outcome, under the arm its user is in now and that arm's model. */
    void outcome(SessionState s) {
        outcome(SessionOutcome.of(s, null, null));
    }

    /** An outcome without model version and arm, emitted with those its user has now. */
    void outcome(SessionOutcome o) {
        ScoringModels current = models.models();
        Arm arm = current.armOf(o.userId);
        emit.outcome(o, current.version(ScoringModels.slotOf(arm)), arm);
    }
}
