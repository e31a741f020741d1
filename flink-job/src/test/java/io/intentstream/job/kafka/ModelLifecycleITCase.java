package io.intentstream.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.cli.Options;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.TestBundles;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.connectors.registry.RegistryModels;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.PrefixScorer;
import io.intentstream.model.PropensityScorer;
import io.intentstream.model.ScorerSelector;
import io.intentstream.registry.LocalRegistryStore;
import io.intentstream.registry.ModelRegistry;
import io.intentstream.registry.Stage;
import io.intentstream.testing.external.Await;
import io.intentstream.testing.external.KafkaBroker;
import io.intentstream.testing.external.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model lifecycle on a running job (parallelism 2, RocksDB, exactly-once to Kafka, registry polled every 200
 * ms; docs/lifecycle.md): a mismatching bundle and a corrupt one are promoted mid-stream and refused while v1 goes
 * on scoring; v2 is promoted and picked up without a restart; a failure after the swap restores from a checkpoint
 * taken after it and goes on with v2. Every score equals its own bundle's score of the archived features, and
 * every input is scored once, a dead letter or a duplicate.
 */
class ModelLifecycleITCase {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    private static final String MODEL = "intent";
    /** Three phases of 1,000 sample events: v1 alone; v1 after two refused revisions; v2 and the failure. */
    private static final int PHASE = 1_000;
    private static final int FAIL_AFTER_V2_SCORES = 30;
    private static final List<String> JUNK = List.of("not,a,valid,line", "2019-10-01 02:00:00 UTC,teleport,1,1,,x,1.00,u,s");
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    @Test
    void promotedVersionsAreSwappedInAndBadOnesRefusedWithoutARestartOrALostEvent(@TempDir Path dir) throws Exception {
        Path registryDir = dir.resolve("registry");
        ModelRegistry registry = new ModelRegistry(new LocalRegistryStore(registryDir), "test", Clock.systemUTC());
        Map<String, ModelBundle> bundles = new HashMap<>();
        for (ModelBundle b : List.of(TestBundles.variant("v1", 0.10), TestBundles.variant("v2", 0.30),
                TestBundles.variant("v3", 0.50))) {
            registry.publish(MODEL, b);
            bundles.put(b.metadata().modelVersion, b);
        }
        // Two versions that reach the registry without publish's checks: copied in by hand, or damaged later.
        TestBundles.withWrongFeatures("mismatch").write(registryDir.resolve(MODEL).resolve("versions").resolve("mismatch"));
        Files.writeString(registryDir.resolve(MODEL).resolve("versions").resolve("v3").resolve("model.json"), "{\"damaged\":1}");
        registry.promote(MODEL, "v1", Stage.PRODUCTION, 0);

        KafkaTestSupport.Topics topics = new KafkaTestSupport.Topics("lifecycle");
        topics.create(KAFKA, 2);
        List<String> lines = KafkaTestSupport.sampleLines().subList(0, 3 * PHASE);
        Set<String> phaseOne = KafkaTestSupport.scoredIds(lines.subList(0, PHASE));
        Set<String> phaseTwo = KafkaTestSupport.scoredIds(lines.subList(PHASE, 2 * PHASE));
        Set<String> expected = KafkaTestSupport.scoredIds(lines);
        expected.addAll(KafkaTestSupport.sentinelIds(2));
        ScoreTap.Log log = ScoreTap.newLog("lifecycle");

        Options.Values options = KafkaTestSupport.options(KAFKA, topics, dir, "--delivery", "exactly-once",
                "--kafka-starting-offsets", "earliest", "--registry", registryDir.toString(), "--model-name", MODEL,
                "--registry-poll-interval", "200ms");
        StreamExecutionEnvironment env = KafkaTestSupport.environment(options);
        KafkaTestSupport.kafkaJob(env, options, RegistryModels.watch(env, options, RegistryModels.load(options), false),
                scores -> ScoreTap.inline(scores, "lifecycle", "only", FAIL_AFTER_V2_SCORES, s -> "v2".equals(s.modelVersion)));
        JobClient job = env.executeAsync("model lifecycle");
        Path archive = dir.resolve("archive");
        try (TopicReader scores = new TopicReader(KAFKA, topics.scores, true);
                TopicReader deadLetters = new TopicReader(KAFKA, topics.deadLetters, true)) {
            KAFKA.produce(KafkaTestSupport.events(topics.events, lines.subList(0, PHASE)));
            Await.until(DEADLINE, "phase one scored", () -> log.emittedIds().containsAll(phaseOne));

            registry.promote(MODEL, "mismatch", Stage.PRODUCTION, 0);
            Await.until(DEADLINE, "revision 2 refused", () -> modelEvents(archive).contains("refused 2 mismatch"));
            registry.promote(MODEL, "v3", Stage.PRODUCTION, 0);
            Await.until(DEADLINE, "revision 3 refused", () -> modelEvents(archive).contains("refused 3 v3"));
            KAFKA.produce(KafkaTestSupport.events(topics.events, lines.subList(PHASE, 2 * PHASE)));
            Await.until(DEADLINE, "phase two scored", () -> log.emittedIds().containsAll(phaseTwo));

            registry.promote(MODEL, "v2", Stage.PRODUCTION, 0);
            Await.until(DEADLINE, "revision 4 activated", () -> modelEvents(archive).contains("activated 4 null"));
            // Some of phase three, then the rest once each subtask has seen a checkpoint complete after v2 scores of its
            // own: the failure must restore from a checkpoint taken after the swap.
            KAFKA.produce(KafkaTestSupport.events(topics.events, lines.subList(2 * PHASE, 2 * PHASE + 300)));
            Await.until(DEADLINE, "both subtasks armed after v2 scores",
                    () -> log.armedSubtasks.size() == 2 || log.failureInjected.get());
            List<ProducerRecord<String, String>> rest = new ArrayList<>(
                    KafkaTestSupport.events(topics.events, lines.subList(2 * PHASE + 300, 3 * PHASE)));
            for (String junk : JUNK) {
                rest.add(new ProducerRecord<>(topics.events, "junk", junk));
            }
            rest.addAll(KafkaTestSupport.sentinels(topics.events, 2));
            KAFKA.produce(rest);

            Await.until(DEADLINE, "the injected failure after v2 scores (armed: " + log.armedSubtasks + ")",
                    log.failureInjected::get);
            Await.until(DEADLINE, "every score emitted", () -> log.emittedIds().containsAll(expected));
            Await.until(DEADLINE, "every score in the topic", () -> {
                scores.poll();
                return scores.values().stream().map(v -> KafkaTestSupport.json(v).get("event_id").asText())
                        .collect(Collectors.toSet()).containsAll(expected);
            });
            Await.until(DEADLINE, "the dead letters in the topic", () -> {
                deadLetters.poll();
                return deadLetters.values().size() >= JUNK.size();
            });
            long seen = log.latestCompleted();
            Await.until(DEADLINE, "two more checkpoints", () -> log.latestCompleted() >= seen + 2);
            scores.readToEnd();
            deadLetters.readToEnd();
            Await.until(DEADLINE, "every score in the archive",
                    () -> new HashSet<>(KafkaTestSupport.archivedScoreIds(archive)).containsAll(expected));

            // Exactly once in the committed topic and in the archive, and nothing else: with the dead letters and the
            // duplicates, that accounts for every input.
            assertThat(KafkaTestSupport.counts(scores.values().stream()
                    .map(v -> KafkaTestSupport.json(v).get("event_id").asText()).toList()))
                    .containsOnlyKeys(expected).allSatisfy((id, n) -> assertThat(n).as("copies of %s", id).isEqualTo(1));
            List<Archived> archived = archivedScores(archive);
            assertThat(KafkaTestSupport.counts(archived.stream().map(a -> a.eventId).toList()))
                    .containsOnlyKeys(expected).allSatisfy((id, n) -> assertThat(n).as("archived copies of %s", id).isEqualTo(1));
            assertThat(deadLetters.values()).hasSize(JUNK.size());
            long duplicates = lines.size() - KafkaTestSupport.scoredIds(lines).size();
            assertThat(expected.size() + deadLetters.values().size() + duplicates)
                    .as("inputs = scored + dead letters + duplicates").isEqualTo(lines.size() + JUNK.size() + 2);

            // Each score is its own model's score of the features it was given, by the scorer the job picks for it.
            for (String version : List.of("v1", "v2")) {
                try (ScorerSelector.Selection own = ScorerSelector.select(bundles.get(version), ScorerSelector.Preference.AUTO)) {
                    PropensityScorer scorer = PrefixScorer.forEngineRows(own.scorer(), bundles.get(version).metadata());
                    archived.stream().filter(a -> a.version.equals(version)).forEach(a ->
                            assertThat(a.propensity).as("%s scored by %s", a.eventId, version)
                                    .isEqualTo(scorer.predict(a.features)));
                }
            }
            assertThat(archived).extracting(a -> a.version).containsOnly("v1", "v2");
            Map<String, String> versionOf = archived.stream().collect(Collectors.toMap(a -> a.eventId, a -> a.version));
            assertThat(phaseOne).allSatisfy(id -> assertThat(versionOf.get(id)).as(id).isEqualTo("v1"));
            assertThat(phaseTwo).allSatisfy(id -> assertThat(versionOf.get(id)).as(id).isEqualTo("v1"));
        } finally {
            KafkaTestSupport.cancel(job);
        }

        // The failure came after v2 scores, and the restored checkpoint followed them: the restored attempt scores
        // with v2 only. Before the failure each subtask switched once, from v1 to v2, never back.
        assertThat(log.restoredFrom).as("restored attempts").containsOnlyKeys(1);
        List<ScoreTap.Emission> emissions = log.emissions();
        assertThat(emissions.stream().filter(e -> e.attempt == 1)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.score.modelVersion).as(e.score.eventId).isEqualTo("v2"));
        for (int subtask = 0; subtask < 2; subtask++) {
            int s = subtask;
            List<String> versions = emissions.stream().filter(e -> e.attempt == 0 && e.subtask == s)
                    .map(e -> e.score.modelVersion).toList();
            assertThat(String.join(" ", new LinkedHashSet<>(versions))).as("versions of subtask %d in order", s)
                    .isEqualTo("v1 v2");
            if (versions.contains("v2")) {
                assertThat(versions.subList(versions.indexOf("v2"), versions.size())).containsOnly("v2");
            }
        }
    }

    /** "kind revision version" of each archived model event. */
    private static List<String> modelEvents(Path archive) {
        Path table = archive.resolve("model_events");
        if (!hasParquet(table)) {
            return List.of();
        }
        return query("SELECT kind, revision, version FROM read_parquet('" + table + "/**/*.parquet', hive_partitioning = true)",
                r -> r.getString(1) + " " + r.getLong(2) + " " + r.getString(3));
    }

    private record Archived(String eventId, String version, float propensity, float[] features) {}

    private static List<Archived> archivedScores(Path archive) {
        StringBuilder columns = new StringBuilder("event_id, model_version, propensity");
        for (String name : FeatureSchema.names()) {
            columns.append(", f_").append(name);
        }
        return query("SELECT " + columns + " FROM read_parquet('" + archive.resolve("scores")
                + "/**/*.parquet', hive_partitioning = true)", r -> {
                    float[] features = new float[FeatureSchema.SIZE];
                    for (int i = 0; i < features.length; i++) {
                        features[i] = r.getFloat(4 + i);
                    }
                    return new Archived(r.getString(1), r.getString(2), r.getFloat(3), features);
                });
    }

    private interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private static <T> List<T> query(String sql, Row<T> row) {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet r = st.executeQuery(sql)) {
            List<T> rows = new ArrayList<>();
            while (r.next()) {
                rows.add(row.read(r));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive: " + sql, e);
        }
    }

    private static boolean hasParquet(Path table) {
        if (!Files.isDirectory(table)) {
            return false;
        }
        try (var files = Files.walk(table)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet") && !p.getFileName().toString().startsWith("."));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
