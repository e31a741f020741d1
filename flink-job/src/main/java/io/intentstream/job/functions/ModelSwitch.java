package io.intentstream.job.functions;

import io.intentstream.job.records.ModelUpdate;
import io.intentstream.model.ModelBundle;
import io.intentstream.registry.StageDocument;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models one scoring subtask scores with, and the switch to new ones. A new stage document is recorded in
 * broadcast state at once, so a checkpoint taken from then on restores it; its scorers are built on a loader
 * thread, off the scoring thread, and swapped in on the scoring thread between two events, after the rows held
 * for the old ones are scored. Until then the old models go on scoring.
 */
public final class ModelSwitch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSwitch.class);
    private static final String CURRENT = "current";

    private final ModelSet initial;
    private final BundleSource source;
    private final ScorerFactory factory;
    private final int explainTopK;
    private final Executor loader;
    private final ExecutorService loaderThread;
    private final Map<String, ModelBundle> bundles;
    private BroadcastState<String, String> state;
    private ScoringModels models;
    private long wantedRevision;
    private CompletableFuture<ScoringModels> pending;

    /** @param background build new models on a loader thread of their own; false: at once on the calling thread */
    ModelSwitch(ModelSet initial, BundleSource source, ScorerFactory factory, boolean background, String name) {
        this(initial, source, factory, background, name, 0);
    }

    /** @param explainTopK reasons per score the models must give (0: none); a model that cannot explain is refused */
    ModelSwitch(ModelSet initial, BundleSource source, ScorerFactory factory, boolean background, String name,
            int explainTopK) {
        this.initial = initial;
        this.source = source;
        this.factory = factory;
        this.explainTopK = explainTopK;
        this.loaderThread = background ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "model loader " + name);
            t.setDaemon(true);
            return t;
        }) : null;
        this.loader = background ? loaderThread : Runnable::run;
        this.bundles = new ConcurrentHashMap<>(initial.bundles());
    }

    /** Broadcast state: the stage document in use, as JSON. */
    public static MapStateDescriptor<String, String> descriptor() {
        return new MapStateDescriptor<>("model-stages", Types.STRING, Types.STRING);
    }

    /**
     * Builds the scorers to start with, on the calling thread: the stages restored from a checkpoint, unless the
     * job was started with another model (a fixed {@code --model}, or another registry model), which then wins.
     */
    void initialize(BroadcastState<String, String> state) throws Exception {
        this.state = state;
        StageDocument start = initial.stages();
        String restored = state.get(CURRENT);
        if (restored != null && !"fixed".equals(start.model())) {
            StageDocument previous = StageDocument.fromJson(restored);
            if (previous.model().equals(start.model())) {
                start = previous;
            }
        }
        state.put(CURRENT, start.toJson());
        wantedRevision = start.revision();
        models = build(start);
        LOG.info("Scoring with {} revision {}: {}", start.model(), start.revision(), start.activeVersions());
    }

    ScoringModels models() {
        return models;
    }

    /** Records a newer stage document and starts building its scorers; older or other updates change nothing. */
    void offer(ModelUpdate update) throws Exception {
        if (!update.carriesStages() || update.revision <= wantedRevision) {
            return;
        }
        StageDocument stages = StageDocument.fromJson(update.stagesJson);
        putCurrent(update.stagesJson);
        wantedRevision = stages.revision();
        CompletableFuture<ScoringModels> superseded = pending;
        pending = CompletableFuture.supplyAsync(() -> build(stages), loader);
        if (superseded != null) {
            superseded.thenAccept(ScoringModels::close);
        }
    }

    /** Whether new scorers are built and wait to be swapped in. */
    boolean hasNewModels() {
        return pending != null && pending.isDone();
    }

    /**
     * Swaps in the new scorers and closes the old ones; returns false, keeping the old ones, when building them
     * failed (the watcher checked the bundles, so this means the registry could not be read).
     */
    boolean swap() {
        CompletableFuture<ScoringModels> done = pending;
        pending = null;
        ScoringModels next;
        try {
            next = done.join();
        } catch (CompletionException e) {
            LOG.error("Could not load the models of revision {}; scoring goes on with revision {}", wantedRevision,
                    models.stages().revision(), e.getCause());
            // A checkpoint must restore what is scored with, not the revision that could not be loaded.
            putCurrent(models.stages().toJson());
            return false;
        }
        ScoringModels old = models;
        models = next;
        old.close();
        LOG.info("Now scoring with {} revision {}: {}", next.stages().model(), next.stages().revision(),
                next.stages().activeVersions());
        return true;
    }

    private ScoringModels build(StageDocument stages) {
        for (String version : stages.activeVersions()) {
            bundles.computeIfAbsent(version, v -> {
                try {
                    return source.load(stages.model(), v);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot read version " + v + " of " + stages.model() + ": "
                            + e.getMessage(), e);
                }
            });
        }
        return ScoringModels.build(stages, bundles, factory, explainTopK);
    }

    private void putCurrent(String stagesJson) {
        try {
            state.put(CURRENT, stagesJson);
        } catch (Exception e) {
            throw new IllegalStateException("cannot record the model stages in broadcast state", e);
        }
    }

    @Override
    public void close() {
        if (pending != null) {
            pending.thenAccept(ScoringModels::close);
        }
        if (models != null) {
            models.close();
        }
        if (loaderThread != null) {
            loaderThread.shutdown();
        }
    }
}
