package io.intentstream.job;

import io.intentstream.model.BundleException;
import io.intentstream.model.BundleValidation;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.Target;
import io.intentstream.job.functions.ScorerFactory;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Loads the model bundle once, in the client, through Flink's file systems, and proves it usable
 * before the job starts: a missing, corrupt or mismatching bundle fails submission with a message
 * naming the problem, never the first event.
 */
public final class BundleLoader {
    private BundleLoader() {}

    /** Reads a bundle directory on any Flink file system; checks only that it is a whole bundle (see {@link #check}). */
    public static ModelBundle read(String location) {
        if (location == null || location.isBlank()) {
            throw new BundleException("no model bundle given: set --model to a bundle directory");
        }
        Path dir = new Path(location);
        FileSystem fs;
        try {
            fs = dir.getFileSystem();
            if (!fs.exists(dir)) {
                throw new BundleException("model bundle " + location + " does not exist");
            }
        } catch (IOException e) {
            throw new BundleException("cannot access model bundle " + location + ": " + e.getMessage(), e);
        }
        return ModelBundle.read(location, name -> {
            Path file = new Path(dir, name);
            if (!fs.exists(file)) {
                throw new FileNotFoundException(file.toString());
            }
            return fs.open(file);
        });
    }

    /** A checked bundle and the name of the scorer that will evaluate it. */
    public record Checked(ModelBundle bundle, String scorer) {}

    public static ModelBundle loadAndCheck(String location, ScorerFactory scorers) {
        return check(location, scorers).bundle();
    }

    /**
     * The bundles {@code --user-models} names ({@code target=directory,...}), each checked like {@code --model} and
     * against the target it is given for; empty for {@code null} or blank.
     */
    public static List<ModelBundle> userModels(String spec, ScorerFactory scorers) {
        return userModels(spec, scorers, null);
    }

    /** The prefix of a {@code --user-models} location that names a model in the registry rather than a directory. */
    public static final String REGISTRY_PREFIX = "registry:";

    /**
     * The bundles {@code --user-models} names, each checked as a bundle the job loads and against its target. A
     * location {@code registry:<model-name>} is that model's production version in the job's registry
     * ({@code fromRegistry}; null when the job has none), read once at start.
     */
    public static List<ModelBundle> userModels(String spec, ScorerFactory scorers, Function<String, ModelBundle> fromRegistry) {
        List<ModelBundle> bundles = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return bundles;
        }
        for (String entry : spec.split(",")) {
            String[] kv = entry.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("--user-models: expected target=directory, got '" + entry + "'");
            }
            Target target = Target.parse(kv[0].trim());
            if (!target.userLevel()) {
                throw new IllegalArgumentException("--user-models: " + target + " is the session target, scored with --model");
            }
            String location = kv[1].trim();
            ModelBundle bundle;
            if (location.startsWith(REGISTRY_PREFIX)) {
                if (fromRegistry == null) {
                    throw new IllegalArgumentException("--user-models: " + location + " names a registry model, but the job"
                            + " has no --registry");
                }
                bundle = fromRegistry.apply(location.substring(REGISTRY_PREFIX.length()));
                BundleValidation.validate(bundle, location, scorers::create);
            } else {
                bundle = check(location, scorers).bundle();
            }
            if (Target.ofBundle(bundle.metadata().target) != target) {
                throw new BundleException("--user-models: the bundle at " + location + " predicts "
                        + Target.ofBundle(bundle.metadata().target) + ", not " + target);
            }
            bundles.add(bundle);
        }
        return bundles;
    }

    public static Checked check(String location, ScorerFactory scorers) {
        ModelBundle bundle = read(location);
        return new Checked(bundle, BundleValidation.validate(bundle, location, scorers::create));
    }
}
