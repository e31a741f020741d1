package io.intentstream.abreport;

import static org.assertj.core.api.Assertions.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.abreport.JobArchiveFiles.Outcome;
import io.intentstream.abreport.JobArchiveFiles.Score;
import io.intentstream.registry.StageDocument;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ab-report} end to end: an archive of real Parquet files laid out and typed as the job writes them, read by
 * the CLI, checked in its JSON. Per arm, every user has two sessions; k2 users convert in both, k1 in one:
 * champion 700 users (k1 49, k2 7), challenger 200 (18, 3), holdout 100 (5, 1). Around them, rows the report must
 * leave out or count once. The statistics are SciPy's for these counts (stats/reference_stats.py, "end-to-end").
 */
class AbReportCliITCase {
    static final Instant FROM = Instant.parse("2019-10-01T00:00:00Z");
    static final Instant TO = Instant.parse("2019-10-02T00:00:00Z");
    static final long HOUR = 3_600_000L;
    private static final Offset<Double> CLOSE = within(1e-9);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Path archive;
    /** The sessions the report should analyse, by arm: what the AUC and Brier score are checked against. */
    static final Map<String, List<Outcome>> ANALYSED = new TreeMap<>();

    @BeforeAll
    static void writeArchive() throws Exception {
        archive = tmp.resolve("archive");
        Path outcomes = archive.resolve(OutcomeArchive.OUTCOMES);
        List<Outcome> inWindow = new ArrayList<>();
        int[] counter = {0};
        ANALYSED.put("champion", arm(counter, "champion", "champion", "m-1", 700, 49, 7));
        ANALYSED.put("challenger", arm(counter, "challenger", "challenger", "m-2", 200, 18, 3));
        ANALYSED.put("holdout", arm(counter, "holdout", "holdout", "m-1", 100, 5, 1));
        // REES46 reuses some session ids across users: sessions of two users with one id are two sessions.
        for (String arm : List.of("champion", "holdout")) {
            Outcome o = ANALYSED.get(arm).get(10);
            ANALYSED.get(arm).set(10, new Outcome("shared-session", o.userId(), o.firstEventTime(), o.lastEventTime(),
                    o.eventCount(), o.converted(), o.firstPurchaseTime(), o.propensity(), o.modelVersion(), o.arm(),
                    o.judgedBot()));
        }
        ANALYSED.values().forEach(inWindow::addAll);
        for (int i = 0; i < 5; i++) {
            inWindow.add(outcome("bot-" + i + "-s", "bot-" + i, FROM.toEpochMilli() + i * HOUR, false, 0.01f, "m-1",
                    "champion", true));
        }
        inWindow.add(outcome("mixed-s0", "mixed-1", FROM.toEpochMilli() + HOUR, true, 0.5f, "m-1", "champion", false));
        inWindow.add(outcome("mixed-s1", "mixed-1", FROM.toEpochMilli() + 20 * HOUR, false, 0.5f, "m-2", "challenger", false));
        // Sessions starting exactly at --to, or just before --from, are outside the half-open window.
        List<Outcome> outside = List.of(
                outcome("late-0-s", "late-0", TO.toEpochMilli(), true, 0.9f, "m-1", "champion", false),
                outcome("early-0-s", "early-0", FROM.toEpochMilli() - 1, true, 0.9f, "m-1", "holdout", false));

        Map<String, List<Outcome>> byBucket = new TreeMap<>();
        for (Outcome o : concat(inWindow, outside)) {
            byBucket.computeIfAbsent(JobArchiveFiles.bucket(o.firstEventTime()), b -> new ArrayList<>()).add(o);
        }
        int part = 0;
        for (Map.Entry<String, List<Outcome>> b : byBucket.entrySet()) {
            JobArchiveFiles.writeOutcomes(outcomes.resolve(b.getKey()).resolve("outcomes-" + part++ + "-0.parquet"),
                    JobArchiveFiles.SESSION_OUTCOMES, b.getValue());
        }
        String firstBucket = JobArchiveFiles.bucket(FROM.toEpochMilli());
        // The same session committed twice (a replay into the same archive): counted once.
        JobArchiveFiles.writeOutcomes(outcomes.resolve(firstBucket).resolve("outcomes-replayed-0.parquet"),
                JobArchiveFiles.SESSION_OUTCOMES, List.of(inWindow.get(0)));
        // A file from before arms existed: its sessions have no arm.
        List<Outcome> old = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            old.add(outcome("old-" + i + "-s", "old-" + i, FROM.toEpochMilli() + HOUR, false, 0.1f, "m-0", null, false));
        }
        JobArchiveFiles.writeOutcomes(outcomes.resolve(firstBucket).resolve("outcomes-old-0.parquet"),
                JobArchiveFiles.SESSION_OUTCOMES_WITHOUT_ARM, old);
        // In-progress files are hidden: a readable one that would change every count, and an unreadable one.
        List<Outcome> hidden = arm(new int[] {0}, "hidden", "challenger", "m-2", 50, 50, 0);
        JobArchiveFiles.writeOutcomes(outcomes.resolve(firstBucket).resolve(".outcomes-9-0.parquet"),
                JobArchiveFiles.SESSION_OUTCOMES, hidden);
        Files.writeString(outcomes.resolve(firstBucket).resolve(".outcomes-9-1.parquet.inprogress.0b1c"), "not parquet");

        long t = FROM.toEpochMilli() + HOUR;
        JobArchiveFiles.writeScores(archive.resolve("scores").resolve(JobArchiveFiles.bucket(t)).resolve("scores-0-0.parquet"),
                List.of(score("e1", t, "m-1", "champion"), score("e2", t, "m-1", "champion"), score("e3", t, "m-1", "champion"),
                        score("e4", t, "m-2", "challenger"), score("e5", t, "m-2", "challenger"),
                        score("e6", t, "m-1", "holdout"), score("e7", FROM.toEpochMilli() - 1, "m-1", "champion")));
        JobArchiveFiles.writeScores(archive.resolve("scores").resolve(JobArchiveFiles.bucket(TO.toEpochMilli()))
                .resolve("scores-1-0.parquet"), List.of(score("e8", TO.toEpochMilli(), "m-2", "challenger")));
    }

    /** Users of one arm with two sessions each, the first k2 converting in both, the next k1 in their first. */
    private static List<Outcome> arm(int[] counter, String userPrefix, String arm, String version, int users, int k1,
            int k2) {
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String user = userPrefix + "-u" + i;
            for (int s = 0; s < 2; s++) {
                boolean converted = i < k2 || (i < k2 + k1 && s == 0);
                int k = counter[0]++;
                // Scores that rank converted sessions higher, with overlap and ties; every tenth user's second session unscored.
                float p = i % 10 == 9 && s == 1 ? Float.NaN
                        : converted ? 0.30f + 0.01f * (k % 50) : 0.02f + 0.01f * (k % 40);
                long start = FROM.toEpochMilli() + (i % 23) * HOUR + s * 30 * 60_000L + (i / 23) * 1000L;
                out.add(outcome(user + "-s" + s, user, start, converted, p, version, arm, false));
            }
        }
        return out;
    }

    private static Outcome outcome(String session, String user, long start, boolean converted, float p, String version,
            String arm, boolean bot) {
        return new Outcome(session, user, start, start + 600_000, 7, converted, converted ? start + 300_000 : null, p, version,
                arm, bot);
    }

    private static Score score(String id, long time, String version, String arm) {
        return new Score(id, "s-" + id, "u-" + id, time, version, arm, 0.25f);
    }

    private static List<Outcome> concat(List<Outcome> a, List<Outcome> b) {
        List<Outcome> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void theFilesAreTypedAsTheJobWritesThem() throws Exception {
        Path file = new OutcomeArchive(archive).committedFiles(OutcomeArchive.OUTCOMES).get(0);
        Map<String, String> types = new TreeMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT name, type, coalesce(logical_type, converted_type, '') FROM "
                        + "parquet_schema('" + file + "') WHERE name <> 'schema'")) {
            while (rs.next()) {
                types.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
            }
        }
        assertThat(types.get("first_event_time")).startsWith("INT64 TimestampType(isAdjustedToUTC=1, unit=TimeUnit(MILLIS");
        assertThat(types.get("last_propensity_before_conversion")).isEqualTo("FLOAT ");
        assertThat(types.get("event_count")).isEqualTo("INT32 ");
        assertThat(types.get("converted")).isEqualTo("BOOLEAN ");
        assertThat(types.get("arm")).startsWith("BYTE_ARRAY");
    }

    private static JsonNode runJson(String... extra) throws Exception {
        Path out = tmp.resolve("report-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("--archive", archive.toString(), "--from", FROM.toString(), "--to",
                TO.toString(), "--format", "json", "--output", out.toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = AbReportCli.execute(args.toArray(new String[0]), System.out, new PrintStream(errors, true, UTF_8));
        assertThat(status).as("exit status; errors: %s", errors.toString(UTF_8)).isZero();
        return JSON.readTree(Files.readString(out));
    }

    @Test
    void exitsWithAStatusAndAReasonWhenItCannotReport() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errors, true, UTF_8);
        assertThat(AbReportCli.execute(new String[] {"--from", "2019-10-01"}, System.out, err)).isEqualTo(2);
        assertThat(AbReportCli.execute(new String[] {"--archive", archive.toString(), "--from", "2019-10-02", "--to",
            "2019-10-01"}, System.out, err)).isEqualTo(2);
        assertThat(AbReportCli.execute(new String[] {"--archive", tmp.resolve("nowhere").toString()}, System.out, err))
                .isEqualTo(1);
        assertThat(errors.toString(UTF_8)).contains("--archive is required", "must be before --to",
                "no committed Parquet files under");
    }

    @Test
    void countsEachArmAndLeavesOutWhatItMust() throws Exception {
        JsonNode r = runJson("--challenger-share", "0.2", "--holdout-share", "0.1");
        JsonNode sessions = r.get("sessions");
        assertThat(sessions.get("read").asLong()).as("2000 + 5 bot + 2 mixed + 3 without arm").isEqualTo(2010);
        assertThat(sessions.get("duplicate_rows_dropped").asLong()).isEqualTo(1);
        assertThat(sessions.get("bot_sessions_excluded").asLong()).isEqualTo(5);
        assertThat(sessions.get("without_arm").asLong()).isEqualTo(3);
        assertThat(sessions.get("users_in_several_arms").asLong()).isEqualTo(1);
        assertThat(sessions.get("sessions_of_users_in_several_arms").asLong()).isEqualTo(2);
        assertThat(sessions.get("analysed").asLong()).isEqualTo(2000);

        assertArm(r.at("/arms/champion"), 700, 1400, 63, 56, 0.035329630070934454, 0.05716048553639935,
                0.06211924082771947, 0.10246535044485164);
        assertArm(r.at("/arms/challenger"), 200, 400, 24, 21, 0.0406479701137247, 0.08772284890045623,
                0.06970748792681018, 0.15518031991123044);
        assertArm(r.at("/arms/holdout"), 100, 200, 7, 6, 0.0170555420085672, 0.07047061152229074,
                0.027786123963188185, 0.1247681544589592);
        assertThat(r.at("/arms/champion/sessions_by_model_version/m-1").asLong()).isEqualTo(1400);
        assertThat(r.at("/arms/challenger/sessions_by_model_version/m-2").asLong()).isEqualTo(400);

        assertThat(r.at("/scored_events/champion/m-1").asLong()).isEqualTo(3);
        assertThat(r.at("/scored_events/challenger/m-2").asLong()).isEqualTo(2);
        assertThat(r.at("/scored_events/holdout/m-1").asLong()).isEqualTo(1);
        assertThat(r.get("warnings")).hasSize(1);
        assertThat(r.at("/warnings/0").asText()).startsWith("users seen in more than one arm in the window: 1 ");
    }

    private static void assertArm(JsonNode arm, long users, long sessions, long conversions, long usersConverted,
            double rateLow, double rateHigh, double userRateLow, double userRateHigh) {
        assertThat(arm.get("users").asLong()).isEqualTo(users);
        assertThat(arm.get("sessions").asLong()).isEqualTo(sessions);
        assertThat(arm.get("conversions").asLong()).isEqualTo(conversions);
        assertThat(arm.get("users_converted").asLong()).isEqualTo(usersConverted);
        assertThat(arm.get("conversion_rate").asDouble()).isCloseTo((double) conversions / sessions, CLOSE);
        assertThat(arm.at("/conversion_rate_ci/0").asDouble()).isCloseTo(rateLow, CLOSE);
        assertThat(arm.at("/conversion_rate_ci/1").asDouble()).isCloseTo(rateHigh, CLOSE);
        assertThat(arm.at("/user_conversion_rate_ci/0").asDouble()).isCloseTo(userRateLow, CLOSE);
        assertThat(arm.at("/user_conversion_rate_ci/1").asDouble()).isCloseTo(userRateHigh, CLOSE);
        assertThat(arm.get("conversions_per_user").asDouble()).isCloseTo((double) conversions / users, CLOSE);
    }

    @Test
    void comparesArmsAsScipyDoes() throws Exception {
        JsonNode r = runJson("--challenger-share", "0.2", "--holdout-share", "0.1");
        assertThat(r.get("comparisons")).hasSize(2);
        JsonNode a = r.at("/comparisons/0");
        assertThat(a.get("id").asText()).isEqualTo("challenger_vs_champion");
        assertProportions(a.get("sessions"), 0.015, -0.01068199291366215, 0.040681992913662146, 0.33333333333333326,
                -0.15561150895513465, 1.1054026631484701, 1.2336251571866346, 0.2173426142205434);
        assertProportions(a.get("users_converted"), 0.024999999999999994, -0.021999015089446967, 0.07199901508944695, 0.3125,
                -0.1848082876746242, 1.1131915645781478, 1.1147564684148503, 0.26495479551261836);
        assertWelch(a.get("conversions_per_user"), 0.03, 1.043084466231592, 289.48395195189937, 0.2977794637984492,
                -0.026606899909220383, 0.08660689990922038);

        JsonNode b = r.at("/comparisons/1");
        assertThat(b.get("id").asText()).isEqualTo("treated_vs_holdout");
        assertThat(b.get("treatment").toString()).isEqualTo("[\"champion\",\"challenger\"]");
        assertProportions(b.get("sessions"), 0.013333333333333329, -0.013995974094301124, 0.04066264076096778,
                0.3809523809523807, -0.35161094322101516, 1.9411808520206022, 0.8452391602478949, 0.3979773220293591);
        assertProportions(b.get("users_converted"), 0.025555555555555554, -0.024449600966030445, 0.07556071207714155,
                0.4259259259259258, -0.36225769657251394, 2.1882231040658877, 0.8787854693354823, 0.3795176063177933);
        assertWelch(b.get("conversions_per_user"), 0.026666666666666658, 0.8512070617993919, 128.77173956889672,
                0.3962344532477801, -0.03531770935729139, 0.08865104269062471);
    }

    private static void assertProportions(JsonNode c, double difference, double low, double high, double uplift,
            double upliftLow, double upliftHigh, double z, double p) {
        assertThat(c.get("difference").asDouble()).isCloseTo(difference, CLOSE);
        assertThat(c.at("/difference_ci/0").asDouble()).isCloseTo(low, CLOSE);
        assertThat(c.at("/difference_ci/1").asDouble()).isCloseTo(high, CLOSE);
        assertThat(c.get("relative_uplift").asDouble()).isCloseTo(uplift, CLOSE);
        assertThat(c.at("/relative_uplift_ci/0").asDouble()).isCloseTo(upliftLow, CLOSE);
        assertThat(c.at("/relative_uplift_ci/1").asDouble()).isCloseTo(upliftHigh, CLOSE);
        assertThat(c.get("z").asDouble()).isCloseTo(z, CLOSE);
        assertThat(c.get("p_value").asDouble()).isCloseTo(p, CLOSE);
    }

    private static void assertWelch(JsonNode w, double difference, double t, double df, double p, double low, double high) {
        assertThat(w.get("difference").asDouble()).isCloseTo(difference, CLOSE);
        assertThat(w.get("t").asDouble()).isCloseTo(t, CLOSE);
        assertThat(w.get("df").asDouble()).isCloseTo(df, within(1e-6));
        assertThat(w.get("p_value").asDouble()).isCloseTo(p, CLOSE);
        assertThat(w.at("/difference_ci/0").asDouble()).isCloseTo(low, CLOSE);
        assertThat(w.at("/difference_ci/1").asDouble()).isCloseTo(high, CLOSE);
    }

    @Test
    void modelQualityPerArmIsTheScoredSessionsOfThatArm() throws Exception {
        JsonNode r = runJson();
        for (Map.Entry<String, List<Outcome>> arm : ANALYSED.entrySet()) {
            List<Outcome> scored = arm.getValue().stream().filter(o -> !Float.isNaN(o.propensity())).toList();
            JsonNode m = r.at("/arms/" + arm.getKey() + "/model");
            assertThat(m.get("scored_sessions").asLong()).isEqualTo(scored.size());
            assertThat(m.get("auc").asDouble()).as("AUC of %s", arm.getKey()).isCloseTo(pairwiseAuc(scored), CLOSE);
            double brier = scored.stream().mapToDouble(o -> Math.pow(o.propensity() - (o.converted() ? 1 : 0), 2)).average()
                    .orElseThrow();
            assertThat(m.get("brier").asDouble()).isCloseTo(brier, CLOSE);
            assertThat(m.get("calibration_bins")).hasSize(10);
        }
        assertThat(r.get("sample_ratio").isNull()).isTrue();
        assertThat(r.get("warnings").toString()).contains("no sample-ratio check");
    }

    /** AUC the slow way: over all pairs of a converted and an unconverted session, a tie counting one half. */
    private static double pairwiseAuc(List<Outcome> scored) {
        double wins = 0;
        long pairs = 0;
        for (Outcome pos : scored) {
            for (Outcome neg : scored) {
                if (pos.converted() && !neg.converted()) {
                    pairs++;
                    wins += pos.propensity() > neg.propensity() ? 1 : pos.propensity() == neg.propensity() ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    @Test
    void sampleRatioPassesTheConfiguredSplitAndFlagsAnother() throws Exception {
        JsonNode fits = runJson("--challenger-share", "0.2", "--holdout-share", "0.1").get("sample_ratio");
        assertThat(fits.get("chi_square").asDouble()).isCloseTo(0.0, CLOSE);
        assertThat(fits.get("p_value").asDouble()).isCloseTo(1.0, CLOSE);
        assertThat(fits.get("mismatch").asBoolean()).isFalse();

        JsonNode skewed = runJson("--challenger-share", "0.3", "--holdout-share", "0.1");
        JsonNode srm = skewed.get("sample_ratio");
        assertThat(srm.at("/expected_users/challenger").asDouble()).isCloseTo(300.0, within(1e-6));
        assertThat(srm.get("chi_square").asDouble()).isCloseTo(50.0, within(1e-9));
        assertThat(srm.get("p_value").asDouble()).isCloseTo(1.3887943864964e-11, within(1e-20));
        assertThat(srm.get("mismatch").asBoolean()).isTrue();
        assertThat(skewed.get("warnings").toString()).contains("sample ratio mismatch");
    }

    @Test
    void readsTheSharesFromTheRegistry() throws Exception {
        Path registry = tmp.resolve("registry");
        ConfiguredSplitTest.stage(registry, 1, "purchase-intent-1", new StageDocument.Challenger("v2", 0.2), 0.1,
                "2019-09-30T00:00:00Z");
        JsonNode r = runJson("--registry", registry.toString());
        assertThat(r.at("/split/source").asText()).isEqualTo("registry");
        assertThat(r.at("/split/experiment").asText()).isEqualTo("purchase-intent-1");
        assertThat(r.at("/split/shares/holdout").asDouble()).isEqualTo(0.1);
        assertThat(r.at("/sample_ratio/p_value").asDouble()).isCloseTo(1.0, CLOSE);
    }

    @Test
    void botsCanBeIncluded() throws Exception {
        JsonNode r = runJson("--include-bots");
        assertThat(r.at("/sessions/bot_sessions_excluded").asLong()).isZero();
        assertThat(r.at("/arms/champion/users").asLong()).isEqualTo(705);
        assertThat(r.at("/arms/champion/sessions").asLong()).isEqualTo(1405);
    }

    @Test
    void anOpenWindowReadsEverySessionAndTheTextReportIsATable() throws Exception {
        String text = AbReportCli.render(AbReportCli.run(AbReportCli.options().parse(new String[] {"--archive",
                archive.toString()})), AbReportCli.Format.TEXT);
        assertThat(text).contains("== IntentStream A/B report ==", "window    sessions starting in [-inf, +inf)",
                "session conv. rate [95% CI]", "challenger vs champion", "treated vs holdout",
                "not checked: no configured shares");
        assertThat(text.lines().filter(l -> l.startsWith("champion ")).findFirst().orElseThrow())
                .as("the sessions at --to and before --from count without a window").contains("701", "1,401");
    }
}
