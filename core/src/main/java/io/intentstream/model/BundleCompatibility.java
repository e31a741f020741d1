package io.intentstream.model;

import io.intentstream.features.FeatureSchema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a bundle was trained on exactly the features of a schema version this engine computes: the newest,
 * or an older one, whose features are a prefix of the newest (the job then scores it with that prefix).
 */
public final class BundleCompatibility {
    private BundleCompatibility() {}

    /** Throws {@link BundleException} naming every difference; returns normally when the bundle fits. */
    public static void check(BundleMetadata metadata, String location) {
        List<String> problems = new ArrayList<>();
        Target target = null;
        try {
            target = Target.ofBundle(metadata.target);
        } catch (IllegalArgumentException e) {
            problems.add("target is " + metadata.target + ", this engine scores the targets " + Target.names());
        }
        if (target != null && !target.objective().equals(metadata.objective)) {
            problems.add("objective is " + metadata.objective + ", a " + target + " model must be " + target.objective());
        }
        if (target == Target.REPEAT_PURCHASE && (metadata.horizonDays == null || metadata.horizonDays <= 0)) {
            problems.add("horizon_days is " + metadata.horizonDays + ", a repeat-purchase model needs a positive horizon");
        }
        if (target != null && target.userLevel() && metadata.formatVersion < BundleMetadata.USER_TARGET_FORMAT_VERSION) {
            problems.add("format_version is " + metadata.formatVersion + ", a " + target + " model is format_version "
                    + BundleMetadata.USER_TARGET_FORMAT_VERSION);
        }
        if (target == Target.NEXT_PURCHASE_DAYS && metadata.calibration != null) {
            problems.add("a " + target + " model carries a calibration, which only probability targets have");
        }
        Optional<List<String>> schema = FeatureSchema.names(metadata.featureSchemaVersion);
        if (schema.isEmpty()) {
            problems.add("feature_schema_version is " + metadata.featureSchemaVersion + ", this engine computes "
                    + String.join(" and ", FeatureSchema.versions()));
        } else {
            String featureDiff = describeDifference(metadata.featureNames, schema.get());
            if (featureDiff != null) {
                problems.add(featureDiff + " (schema " + metadata.featureSchemaVersion + ")");
            }
        }
        if (metadata.featureConfig == null) {
            problems.add("feature_config is missing");
        } else {
            try {
                metadata.featureConfig.toConfig();
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                problems.add("feature_config is invalid: " + e.getMessage());
            }
        }
        try {
            Calibration.fromJson(metadata.calibration);
        } catch (BundleException e) {
            problems.add("calibration is invalid: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new BundleException("model bundle at " + location + " does not match this feature engine: "
                    + String.join("; ", problems));
        }
    }

    /** A sentence naming missing, unexpected and reordered features, or {@code null} if the lists are equal. */
    public static String describeDifference(List<String> bundle, List<String> engine) {
        if (bundle == null) {
            return "feature_names is missing";
        }
        if (bundle.equals(engine)) {
            return null;
        }
        Set<String> missing = new LinkedHashSet<>(engine);
        missing.removeAll(bundle);
        Set<String> unexpected = new LinkedHashSet<>(bundle);
        unexpected.removeAll(engine);
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add("the bundle lacks " + missing);
        }
        if (!unexpected.isEmpty()) {
            parts.add("the bundle has features the engine does not compute " + unexpected);
        }
        if (missing.isEmpty() && unexpected.isEmpty()) {
            for (int i = 0; i < engine.size(); i++) {
                if (!engine.get(i).equals(bundle.get(i))) {
                    parts.add("feature order differs: position " + i + " is '" + bundle.get(i) + "' in the bundle and '"
                            + engine.get(i) + "' in the engine");
                    break;
                }
            }
            if (parts.isEmpty()) {
                parts.add("the bundle lists a feature more than once");
            }
        }
        return "feature list differs (bundle " + bundle.size() + " features, engine " + engine.size() + "): "
                + String.join(", ", parts);
    }
}
