package io.intentstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.model.BundleException;
import io.intentstream.model.ModelBundle;
import io.intentstream.testing.SampleData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry on a local directory: publish with the job's checks, stage changes, history, rollback, atomicity. */
class ModelRegistryTest {
    private static final String MODEL = "intent";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    private ModelRegistry registry;

    @BeforeEach
    void setUp() {
        registry = new ModelRegistry(new LocalRegistryStore(root), "alice", CLOCK);
    }

    /** The sample bundle under another version name. */
    private static ModelBundle sample(String version) {
        ModelBundle bundle = ModelBundle.read(SampleData.sampleBundle());
        bundle.metadata().modelVersion = version;
        return bundle;
    }

    @Test
    void publishedVersionsReadBackAndNeverChange() throws Exception {
        assertThat(registry.publish(MODEL, sample("v1"))).isEqualTo("v1");

        ModelBundle loaded = registry.load(MODEL, "v1");
        assertThat(loaded.boosterJson()).isEqualTo(sample("v1").boosterJson());
        assertThat(loaded.metadata().modelVersion).isEqualTo("v1");
        assertThat(registry.versions(MODEL)).containsExactly("v1");
        assertThatThrownBy(() -> registry.publish(MODEL, sample("v1"))).hasMessageContaining("already published");
    }

    @Test
    void publishRefusesABundleTheJobWouldRefuseAndSaysWhy() throws Exception {
        ModelBundle renamed = sample("bad-features");
        List<String> names = new ArrayList<>(renamed.metadata().featureNames);
        names.set(0, "events_so_far");
        renamed.metadata().featureNames = names;
        assertThatThrownBy(() -> registry.publish(MODEL, renamed)).isInstanceOf(BundleException.class)
                .hasMessageContaining("events_so_far");

        ModelBundle regression = sample("bad-objective");
        regression.metadata().objective = "reg:squarederror";
        assertThatThrownBy(() -> registry.publish(MODEL, regression)).hasMessageContaining("objective is reg:squarederror");

        ModelBundle garbage = new ModelBundle(sample("garbage").metadata(), "{\"not\":\"a model\"}".getBytes());
        assertThatThrownBy(() -> registry.publish(MODEL, garbage)).isInstanceOf(BundleException.class);
        assertThat(registry.versions(MODEL).isEmpty()).as("nothing refused is published").isTrue();
    }

    @Test
    void stagesChangeByRevisionAndKeepTheirHistory() throws Exception {
        for (String v : List.of("v1", "v2", "v3")) {
            registry.publish(MODEL, sample(v));
        }
        registry.promote(MODEL, "v1", Stage.PRODUCTION, 0);
        StageDocument ab = registry.promote(MODEL, "v2", Stage.CHALLENGER, 0.1);
        registry.promote(MODEL, "v3", Stage.SHADOW, 0);
        registry.holdout(MODEL, 0.05);
        StageDocument promoted = registry.promote(MODEL, "v2", Stage.PRODUCTION, 0);

        assertThat(ab.experiment()).isEqualTo(MODEL + "-2");
        assertThat(promoted.production()).isEqualTo("v2");
        assertThat(promoted.challenger()).as("the challenger became production").isNull();
        assertThat(promoted.shadow()).containsExactly("v3");
        assertThat(promoted.holdoutShare()).isEqualTo(0.05);
        assertThat(registry.history(MODEL)).extracting(StageDocument::revision).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(registry.history(MODEL)).extracting(StageDocument::action).containsExactly("promote v1 to production",
                "promote v2 to challenger with share 0.1", "promote v3 to shadow", "holdout share 0.05",
                "promote v2 to production");
        assertThat(registry.history(MODEL)).allSatisfy(d -> {
            assertThat(d.changedBy()).isEqualTo("alice");
            assertThat(d.changedAt()).isEqualTo("2026-12-04T10:00:00Z");
        });
        assertThat(registry.current(MODEL)).contains(promoted);
    }

    @Test
    void rollbackPutsBackThePreviousProductionAndRetireEndsAChallenger() throws Exception {
        for (String v : List.of("v1", "v2", "v3")) {
            registry.publish(MODEL, sample(v));
        }
        registry.promote(MODEL, "v1", Stage.PRODUCTION, 0);
        registry.promote(MODEL, "v2", Stage.PRODUCTION, 0);
        registry.promote(MODEL, "v3", Stage.CHALLENGER, 0.2);

        StageDocument back = registry.rollback(MODEL);
        assertThat(back.production()).isEqualTo("v1");
        assertThat(back.challengerVersion()).isEqualTo("v3");
        StageDocument retired = registry.retire(MODEL, "v3");
        assertThat(retired.challenger()).isNull();
        assertThat(retired.experiment()).as("the experiment id stays, so holdout users keep their arm").isEqualTo(back.experiment());

        assertThatThrownBy(() -> registry.retire(MODEL, "v1")).hasMessageContaining("is in production");
        assertThatThrownBy(() -> registry.promote(MODEL, "v9", Stage.SHADOW, 0)).hasMessageContaining("not published");
        assertThatThrownBy(() -> registry.promote(MODEL, "v1", Stage.CHALLENGER, 0.1)).hasMessageContaining("in production");
    }

    @Test
    void aReaderNeverSeesAHalfWrittenStageDocument() throws Exception {
        registry.publish(MODEL, sample("v1"));
        registry.promote(MODEL, "v1", Stage.PRODUCTION, 0);
        // Large documents, so a write takes many system calls: a reader of a half-written file would fail to parse.
        List<String> manyShadows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            manyShadows.add("shadow-version-with-a-long-name-" + i);
        }
        RegistryStore store = registry.store();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        List<Long> revisionsSeen = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                while (writing.get()) {
                    registry.current(MODEL).ifPresent(d -> revisionsSeen.add(d.revision()));
                }
            } catch (Throwable t) {
                readerFailure.set(t);
            }
        });
        reader.start();
        try {
            for (long revision = 2; revision <= 200; revision++) {
                StageDocument next = new StageDocument(MODEL, revision, null, "v1", null, manyShadows, 0,
                        CLOCK.instant().toString(), "writer", "test " + revision);
                store.createAtomically(MODEL + "/stages/" + String.format("%012d.json", revision),
                        next.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } finally {
            writing.set(false);
            reader.join();
        }
        assertThat(readerFailure.get()).as("reader failure").isNull();
        assertThat(revisionsSeen).isNotEmpty().isSorted();
        assertThat(registry.current(MODEL).orElseThrow().revision()).isEqualTo(200);
    }

    @Test
    void aRevisionIsWrittenOnceEvenWhenTwoChangesRace() throws Exception {
        registry.publish(MODEL, sample("v1"));
        registry.promote(MODEL, "v1", Stage.PRODUCTION, 0);
        StageDocument stale = new StageDocument(MODEL, 1, null, "v1", null, List.of(), 0, "x", "bob", "stale write");
        assertThatThrownBy(() -> registry.store().createAtomically(MODEL + "/stages/000000000001.json",
                stale.toJson().getBytes())).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(registry.history(MODEL)).singleElement().satisfies(d -> assertThat(d.changedBy()).isEqualTo("alice"));
    }
}
