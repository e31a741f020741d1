package io.intentstream.job.functions;

import io.intentstream.features.FeatureSchema;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.PrefixScorer;
import io.intentstream.model.PropensityScorer;
import io.intentstream.model.ReasonCodes;
import io.intentstream.model.Target;
import io.intentstream.registry.Arm;
import io.intentstream.registry.StageDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scorers of one stage document: the champion (which also scores holdout users), the challenger, the
 * shadows; and each user's arm. Scorers are addressed by slot, so a batch of rows can mix arms.
 */
final class ScoringModels implements AutoCloseable {
    static final int CHAMPION = 0;
    static final int CHALLENGER = 1;

    private final StageDocument stages;
    private final PropensityScorer[] scorers;
    private final String[] versions;
    private final PropensityScorer[] shadows;
    private final String[] shadowVersions;
    private final ReasonCodes[] reasons;

    private ScoringModels(StageDocument stages, PropensityScorer[] scorers, String[] versions, PropensityScorer[] shadows,
            String[] shadowVersions, ReasonCodes[] reasons) {
        this.stages = stages;
        this.reasons = reasons;
        this.scorers = scorers;
        this.versions = versions;
        this.shadows = shadows;
        this.shadowVersions = shadowVersions;
    }

    /** Builds every scorer the stages need from {@code bundles} (which must hold each active version). */
    static ScoringModels build(StageDocument stages, Map<String, ModelBundle> bundles, ScorerFactory factory) {
        return build(stages, bundles, factory, 0);
    }

    /**
     * As {@link #build(StageDocument, Map, ScorerFactory)}, with reason codes of {@code explainTopK} features for the
     * champion and the challenger (none when 0); refuses, with the reason, a scorer that cannot explain.
     */
    static ScoringModels build(StageDocument stages, Map<String, ModelBundle> bundles, ScorerFactory factory,
            int explainTopK) {
        List<PropensityScorer> built = new ArrayList<>();
        try {
            PropensityScorer champion = create(stages.production(), bundles, factory, built);
            PropensityScorer challenger = stages.challenger() == null ? null
                    : create(stages.challengerVersion(), bundles, factory, built);
            PropensityScorer[] shadows = new PropensityScorer[stages.shadow().size()];
            for (int i = 0; i < shadows.length; i++) {
                shadows[i] = create(stages.shadow().get(i), bundles, factory, built);
            }
            ReasonCodes[] reasons = new ReasonCodes[2];
            if (explainTopK > 0) {
                reasons[CHAMPION] = new ReasonCodes(champion, FeatureSchema.SIZE, explainTopK);
                reasons[CHALLENGER] = challenger == null ? null : new ReasonCodes(challenger, FeatureSchema.SIZE, explainTopK);
            }
            return new ScoringModels(stages, new PropensityScorer[] {champion, challenger},
                    new String[] {stages.production(), stages.challengerVersion()}, shadows,
                    stages.shadow().toArray(new String[0]), reasons);
        } catch (RuntimeException e) {
            built.forEach(PropensityScorer::close);
            throw e;
        }
    }

    private static PropensityScorer create(String version, Map<String, ModelBundle> bundles, ScorerFactory factory,
            List<PropensityScorer> built) {
        ModelBundle bundle = bundles.get(version);
        if (bundle == null) {
            throw new IllegalStateException("no bundle for version " + version);
        }
        if (Target.ofBundle(bundle.metadata().target).userLevel()) {
            throw new IllegalStateException("version " + version + " is a " + bundle.metadata().target + " model, not a"
                    + " session-purchase model; the job scores user-level models given with --user-models");
        }
        // A bundle of an older feature schema reads the prefix of the engine's rows.
        PropensityScorer scorer = PrefixScorer.forEngineRows(factory.create(bundle), bundle.metadata());
        built.add(scorer);
        return scorer;
    }

    StageDocument stages() {
        return stages;
    }

    Arm armOf(String userId) {
        return stages.armOf(userId);
    }

    /** The slot of the scorer for a user in {@code arm}: the champion scores holdout users too. */
    static int slotOf(Arm arm) {
        return arm == Arm.CHALLENGER ? CHALLENGER : CHAMPION;
    }

    /** The scorers by slot; the challenger's slot is null without a challenger. */
    PropensityScorer[] scorers() {
        return scorers;
    }

    /** Reason codes for the scorer in {@code slot}; null when scores are not explained. */
    ReasonCodes reasons(int slot) {
        return reasons[slot];
    }

    String version(int slot) {
        return versions[slot];
    }

    PropensityScorer[] shadows() {
        return shadows;
    }

    String shadowVersion(int i) {
        return shadowVersions[i];
    }

    /** Whether any scorer pays a fixed cost per call, so that rows are worth holding for a batch. */
    boolean prefersBatches() {
        for (PropensityScorer s : scorers) {
            if (s != null && s.prefersBatches()) {
                return true;
            }
        }
        for (PropensityScorer s : shadows) {
            if (s.prefersBatches()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        for (PropensityScorer s : scorers) {
            if (s != null) {
                s.close();
            }
        }
        for (PropensityScorer s : shadows) {
            s.close();
        }
    }
}
