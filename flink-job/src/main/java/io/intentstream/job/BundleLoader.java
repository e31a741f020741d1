package io.intentstream.job;

import io.intentstream.model.BundleException;
import io.intentstream.model.BundleValidation;
import io.intentstream.model.ModelBundle;
import io.intentstream.job.functions.ScorerFactory;
import java.io.FileNotFoundException;
import java.io.IOException;
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

    public static Checked check(String location, ScorerFactory scorers) {
        ModelBundle bundle = read(location);
        return new Checked(bundle, BundleValidation.validate(bundle, location, scorers::create));
    }
}
