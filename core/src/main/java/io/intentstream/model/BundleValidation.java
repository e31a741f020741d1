package io.intentstream.model;

import java.util.function.Function;

/**
 * The checks every reader of a bundle runs before it uses one (the job at submission and at a hot swap, the
 * registry at publish): the features, the objective and the engine's configuration fit, and a scorer loads and
 * scores. {@code ScorerSelector} checks the Java evaluator against the bundle's reference batch on the way.
 */
public final class BundleValidation {
    private BundleValidation() {}

    /**
     * Throws {@link BundleException} saying what is wrong; returns the name of the scorer that will evaluate the
     * bundle when it is usable.
     */
    public static String validate(ModelBundle bundle, String location, Function<ModelBundle, PropensityScorer> scorers) {
        BundleCompatibility.check(bundle.metadata(), location);
        try (PropensityScorer probe = scorers.apply(bundle)) {
            probe.predict(new float[bundle.metadata().featureNames.size()]);
            return probe.name();
        } catch (BundleException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BundleException("model bundle " + location + " loads but cannot score: " + e.getMessage(), e);
        }
    }

    /** As {@link #validate(ModelBundle, String, Function)} with the scorer the job picks by default. */
    public static String validate(ModelBundle bundle, String location) {
        return validate(bundle, location, b -> ScorerSelector.select(b, ScorerSelector.Preference.AUTO).scorer());
    }
}
