package io.intentstream.registry;

import io.intentstream.model.BundleException;
import io.intentstream.model.BundleValidation;
import io.intentstream.model.ModelBundle;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A model registry on any file system: {@code <model>/versions/<version>/} holds a published bundle, immutable;
 * {@code <model>/stages/<revision>.json} holds one {@link StageDocument} per change. The highest revision is the
 * current one; a change writes the next revision atomically (a reader never sees half a document) and never
 * rewrites an old one, so the revisions are the history: who changed what, when.
 */
public final class ModelRegistry {
    private static final String VERSIONS = "/versions/";
    private static final String STAGES = "/stages";

    private final RegistryStore store;
    private final String changedBy;
    private final Clock clock;

    public ModelRegistry(RegistryStore store, String changedBy, Clock clock) {
        this.store = store;
        this.changedBy = changedBy;
        this.clock = clock;
    }

    public RegistryStore store() {
        return store;
    }

    public List<String> models() throws IOException {
        return store.list("");
    }

    public List<String> versions(String model) throws IOException {
        List<String> versions = new ArrayList<>();
        for (String v : store.list(model + "/versions")) {
            if (store.exists(versionDir(model, v) + "/" + ModelBundle.METADATA_FILE)) {
                versions.add(v);
            }
        }
        return versions;
    }

    static String versionDir(String model, String version) {
        return model + VERSIONS + version;
    }

    /** Reads a published version, checked as any bundle read is (metadata, booster checksum). */
    public ModelBundle load(String model, String version) {
        String dir = versionDir(model, version);
        return ModelBundle.read(store.describe(dir), name -> {
            String path = dir + "/" + name;
            if (!store.exists(path)) {
                throw new FileNotFoundException(store.describe(path));
            }
            return new ByteArrayInputStream(store.read(path));
        });
    }

    /**
     * Publishes a bundle under its {@code model_version} after the checks the job runs when it loads one; refuses a
     * version that exists (published versions never change) and a bundle that fails a check, saying why.
     */
    public String publish(String model, ModelBundle bundle) throws IOException {
        String version = bundle.metadata().modelVersion;
        if (version == null || version.isBlank() || version.contains("/") || version.startsWith(".")) {
            throw new BundleException("the bundle's model_version '" + version + "' cannot name a registry version");
        }
        String dir = versionDir(model, version);
        if (store.exists(dir + "/" + ModelBundle.METADATA_FILE)) {
            throw new IllegalArgumentException("version " + version + " of " + model + " is already published; published "
                    + "versions never change, train with another --model-version");
        }
        BundleValidation.validate(bundle, "to publish as " + model + " " + version);
        // The booster first, the metadata last: a version is published once its bundle.json exists.
        store.createAtomically(dir + "/" + bundle.metadata().boosterFile, bundle.boosterJson());
        store.createAtomically(dir + "/" + ModelBundle.METADATA_FILE, bundle.metadataJson().getBytes(StandardCharsets.UTF_8));
        return version;
    }

    /** The current stage document, if the model was ever promoted. */
    public Optional<StageDocument> current(String model) throws IOException {
        List<String> revisions = store.list(model + STAGES);
        if (revisions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(readRevision(model, revisions.get(revisions.size() - 1)));
    }

    /** Every revision, oldest first. */
    public List<StageDocument> history(String model) throws IOException {
        List<StageDocument> history = new ArrayList<>();
        for (String name : store.list(model + STAGES)) {
            history.add(readRevision(model, name));
        }
        return history;
    }

    private StageDocument readRevision(String model, String fileName) throws IOException {
        return StageDocument.fromJson(new String(store.read(model + STAGES + "/" + fileName), StandardCharsets.UTF_8));
    }

    public StageDocument promote(String model, String version, Stage stage, double share) throws IOException {
        requirePublished(model, version);
        StageDocument now = current(model).orElse(null);
        String production = now == null ? null : now.production();
        StageDocument.Challenger challenger = now == null ? null : now.challenger();
        List<String> shadow = new ArrayList<>(now == null ? List.of() : now.shadow());
        String experiment = now == null ? null : now.experiment();
        long revision = now == null ? 1 : now.revision() + 1;
        shadow.remove(version);
        switch (stage) {
            case PRODUCTION:
                production = version;
                if (challenger != null && challenger.version().equals(version)) {
                    challenger = null;
                }
                break;
            case CHALLENGER:
                if (version.equals(production)) {
                    throw new IllegalArgumentException(version + " is in production; a challenger must be another version");
                }
                challenger = new StageDocument.Challenger(version, share);
                // A new challenger is a new experiment, which reassigns users to arms; a new share is not.
                if (now == null || !version.equals(now.challengerVersion())) {
                    experiment = model + "-" + revision;
                }
                break;
            case SHADOW:
                if (version.equals(production) || (challenger != null && challenger.version().equals(version))) {
                    throw new IllegalArgumentException(version + " already scores as production or challenger");
                }
                shadow.add(version);
                break;
            default:
                throw new IllegalArgumentException("unknown stage " + stage);
        }
        String action = "promote " + version + " to " + stage.name().toLowerCase(Locale.ROOT)
                + (stage == Stage.CHALLENGER ? " with share " + share : "");
        return write(new StageDocument(model, revision, experiment, production, challenger, shadow,
                now == null ? 0 : now.holdoutShare(), clock.instant().toString(), changedBy, action));
    }

    /** Takes a challenger or shadow version out of scoring; production can only be replaced (promote or rollback). */
    public StageDocument retire(String model, String version) throws IOException {
        StageDocument now = requireCurrent(model);
        if (version.equals(now.production())) {
            throw new IllegalArgumentException(version + " is in production: promote another version to production, or "
                    + "roll back, instead");
        }
        List<String> shadow = new ArrayList<>(now.shadow());
        boolean wasShadow = shadow.remove(version);
        boolean wasChallenger = version.equals(now.challengerVersion());
        if (!wasShadow && !wasChallenger) {
            throw new IllegalArgumentException(version + " is neither challenger nor shadow of " + model);
        }
        return write(new StageDocument(model, now.revision() + 1, now.experiment(), now.production(),
                wasChallenger ? null : now.challenger(), shadow, now.holdoutShare(), clock.instant().toString(), changedBy,
                "retire " + version));
    }

    /** Puts back the production version before the current one (as found in the history). */
    public StageDocument rollback(String model) throws IOException {
        StageDocument now = requireCurrent(model);
        List<StageDocument> history = history(model);
        String previous = null;
        for (int i = history.size() - 1; i >= 0 && previous == null; i--) {
            String p = history.get(i).production();
            if (p != null && !p.equals(now.production())) {
                previous = p;
            }
        }
        if (previous == null) {
            throw new IllegalArgumentException(model + " has had no other production version to roll back to");
        }
        StageDocument.Challenger challenger = previous.equals(now.challengerVersion()) ? null : now.challenger();
        List<String> shadow = new ArrayList<>(now.shadow());
        shadow.remove(previous);
        return write(new StageDocument(model, now.revision() + 1, now.experiment(), previous, challenger, shadow,
                now.holdoutShare(), clock.instant().toString(), changedBy, "roll back production from " + now.production()
                        + " to " + previous));
    }

    /** Sets the share of users in the holdout arm (scored by production, marked for no intervention). */
    public StageDocument holdout(String model, double share) throws IOException {
        StageDocument now = requireCurrent(model);
        String experiment = now.experiment() != null ? now.experiment() : model + "-" + (now.revision() + 1);
        return write(new StageDocument(model, now.revision() + 1, experiment, now.production(), now.challenger(),
                now.shadow(), share, clock.instant().toString(), changedBy, "holdout share " + share));
    }

    private StageDocument requireCurrent(String model) throws IOException {
        return current(model).orElseThrow(() -> new IllegalArgumentException(model + " has no stages yet: promote a "
                + "published version to production first"));
    }

    private void requirePublished(String model, String version) throws IOException {
        if (!store.exists(versionDir(model, version) + "/" + ModelBundle.METADATA_FILE)) {
            throw new IllegalArgumentException("version " + version + " of " + model + " is not published (at "
                    + store.describe(versionDir(model, version)) + ")");
        }
    }

    private StageDocument write(StageDocument next) throws IOException {
        String path = next.model() + STAGES + "/" + String.format(Locale.ROOT, "%012d.json", next.revision());
        try {
            store.createAtomically(path, next.toJson().getBytes(StandardCharsets.UTF_8));
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("revision " + next.revision() + " of " + next.model() + " was written by "
                    + "someone else meanwhile; look at the current stages and try again", e);
        }
        return next;
    }

    /** The current document, or an unchecked failure (for callers that cannot handle IOException). */
    public StageDocument currentOrThrow(String model) {
        try {
            return requireCurrent(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
