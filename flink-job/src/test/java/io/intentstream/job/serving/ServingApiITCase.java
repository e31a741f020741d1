package io.intentstream.job.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFileReader;
import io.intentstream.events.EventFormat;
import io.intentstream.events.EventType;
import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.JobRun;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.serving.ServingApp;
import io.intentstream.serving.ServingOptions;
import io.intentstream.testing.external.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lookup API (serving/) against a real redis-server filled by a MiniCluster run of the job on the sample, with the
 * sample bundle: every endpoint, the refusals (unknown user, malformed and invalid bodies, oversized body, missing and
 * wrong token), and /predict scoring a new user's session exactly as the job did, features bit for bit.
 */
class ServingApiITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    private static final String TOKEN = "s3cret";
    private static final long MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<ScoreRecord> EVENT_ORDER = Comparator.<ScoreRecord>comparingLong(s -> s.eventTime)
            .thenComparingInt(s -> EventType.fromWireName(s.eventType).ordinal()).thenComparing(s -> s.eventId);

    @TempDir
    static Path tmp;
    private static RedisServer redis;
    private static ServingApp app;
    private static String base;
    private static List<ScoreRecord> scores;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void runJobAndStartService() throws Exception {
        redis = RedisServer.start();
        // Event-time order: /predict applies a session's events in event order, as this mode does.
        scores = JobRun.of(JobTestSupport.sampleBundle(),
                "--input", JobTestSupport.SAMPLE_EVENTS.toString(), "--input-format", "rees46", "--apply-order", "event-time",
                "--checkpoint-dir", tmp.resolve("checkpoints").toUri().toString(),
                "--redis-uri", redis.uri()).run("serving API IT").scores();
        app = ServingApp.create(ServingOptions.options().parse(new String[] {
            "--redis-uri", redis.uri(), "--model", JobTestSupport.SAMPLE_BUNDLE.toString(), "--token", TOKEN,
            "--max-body", Long.toString(MAX_BODY)}));
        base = "http://127.0.0.1:" + app.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/health")).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("redis").asBoolean()).isTrue();
    }

    @Test
    void aMissingOrWrongTokenGets401() throws Exception {
        HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(base + "/model/info")).GET());
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(base + "/model/info"))
                .header("Authorization", "Bearer guess").GET());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).get("error").asText()).isEqualTo("unauthorized");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void modelInfoNamesTheActiveVersion() throws Exception {
        JsonNode info = JSON.readTree(get("/model/info").body());
        String version = JobTestSupport.sampleBundle().metadata().modelVersion;
        assertThat(info.at("/stages/production").asText()).isEqualTo(version);
        assertThat(info.at("/versions/" + version + "/target").asText()).isEqualTo("session-purchase");
    }

    @Test
    void everyUserLookupReturnsTheLastScoreTheJobEmitted() throws Exception {
        Map<String, ScoreRecord> last = scores.stream()
                .collect(Collectors.toMap(s -> s.userId, s -> s, BinaryOperator.maxBy(EVENT_ORDER)));
        List<String> names = FeatureSchema.names();
        for (ScoreRecord expected : last.values().stream().limit(200).toList()) {
            HttpResponse<String> r = get("/users/" + expected.userId);
            assertThat(r.statusCode()).as(expected.userId).isEqualTo(200);
            JsonNode user = JSON.readTree(r.body());
            assertThat(user.at("/session_score/event_id").asText()).isEqualTo(expected.eventId);
            assertThat(user.at("/session_score/model_version").asText()).isEqualTo(expected.modelVersion);
            assertThat(floatOf(user.at("/session_score/propensity"))).isEqualTo(expected.propensity);
            for (int f = 0; f < names.size(); f++) {
                assertBits(floatOf(user.at("/features/" + names.get(f))), expected.features[f], expected.userId + " " + names.get(f));
            }
        }
    }

    @Test
    void anUnknownUserIs404() throws Exception {
        HttpResponse<String> r = get("/users/never-seen");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("unknown_user");
    }

    @Test
    void predictScoresANewUsersSessionAsTheJobDid() throws Exception {
        Map<String, List<ClickEvent>> sessions = singleSessionUsers();
        assertThat(sessions).hasSizeGreaterThan(20);
        Map<String, ScoreRecord> jobScores = scores.stream().collect(Collectors.toMap(s -> s.eventId, s -> s, (a, b) -> a));
        int compared = 0;
        for (List<ClickEvent> session : sessions.values().stream().limit(100).toList()) {
            HttpResponse<String> r = post("/predict", body(session));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            for (JsonNode event : JSON.readTree(r.body()).get("events")) {
                ScoreRecord job = jobScores.get(event.get("event_id").asText());
                assertThat(job).as("the job scored %s", event.get("event_id")).isNotNull();
                assertBits(floatOf(event.get("propensity")), job.propensity, job.eventId + " propensity");
                List<String> names = FeatureSchema.names();
                for (int f = 0; f < names.size(); f++) {
                    assertBits(floatOf(event.get("features").get(names.get(f))), job.features[f], job.eventId + " " + names.get(f));
                }
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(50);
    }

    @Test
    void predictBatchScoresEachSession() throws Exception {
        List<List<ClickEvent>> sessions = singleSessionUsers().values().stream().limit(3).toList();
        String batch = "[" + sessions.stream().map(ServingApiITCase::body).collect(Collectors.joining(",")) + "]";
        HttpResponse<String> r = post("/predict/batch", batch);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode out = JSON.readTree(r.body()).get("sessions");
        assertThat(out).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(out.get(i).get("session_id").asText()).isEqualTo(sessions.get(i).get(0).sessionId);
            assertThat(out.get(i).get("propensity").isNumber()).isTrue();
        }
    }

    @Test
    void malformedBodiesGet400AndInvalidEventsTheJobsRejectReasons() throws Exception {
        assertThat(post("/predict", "{not json").statusCode()).isEqualTo(400);
        HttpResponse<String> object = post("/predict", "{\"event_id\":\"x\"}");
        assertThat(object.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(object.body()).get("error").asText()).isEqualTo("not_an_array");

        HttpResponse<String> invalid = post("/predict", "[{\"event_time\":\"2019-10-01T00:00:00Z\",\"event_type\":\"teleport\","
                + "\"session_id\":\"s\",\"user_id\":\"u\"},{\"event_time\":\"1970-01-01T00:00:00Z\",\"event_type\":\"view\","
                + "\"session_id\":\"s\",\"user_id\":\"u\"},{\"event_type\":\"view\",\"session_id\":\"s\",\"user_id\":\"u\"}]");
        assertThat(invalid.statusCode()).isEqualTo(422);
        List<String> reasons = new ArrayList<>();
        JSON.readTree(invalid.body()).get("rejects").forEach(r -> reasons.add(r.get("reason").asText()));
        assertThat(reasons).containsExactly("unknown_event_type", "event_time_out_of_range", "missing_field");
    }

    @Test
    void aBodyOverTheLimitGets413() throws Exception {
        String big = "[" + "\"x\",".repeat((int) MAX_BODY / 4) + "\"x\"]";
        HttpResponse<String> r = post("/predict", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("body_too_large");
    }

    /** The sample's events of users the job saw in one session only: /predict starts from no history, as the job did. */
    private static Map<String, List<ClickEvent>> singleSessionUsers() throws Exception {
        Map<String, List<String>> sessionsOfUser = new HashMap<>();
        scores.forEach(s -> sessionsOfUser.computeIfAbsent(s.userId, u -> new ArrayList<>()).add(s.sessionId));
        Map<String, List<ClickEvent>> byUser = new java.util.TreeMap<>();
        EventFileReader.read(JobTestSupport.SAMPLE_EVENTS, EventFormat.REES46_CSV, ValidationRules.defaults(),
                (file, line, raw, result) -> {
                    if (result.isValid()) {
                        List<String> sessionIds = sessionsOfUser.get(result.event().userId);
                        if (sessionIds != null && sessionIds.stream().distinct().count() == 1) {
                            byUser.computeIfAbsent(result.event().userId, u -> new ArrayList<>()).add(result.event());
                        }
                    }
                });
        return byUser;
    }

    private static String body(List<ClickEvent> session) {
        return session.stream().map(JsonEventWriter::toJson).collect(Collectors.joining(",", "[", "]"));
    }

    /** Exactly, as the job's float: the service writes Float.toString, which reads back to the same bits. */
    private static float floatOf(JsonNode node) {
        return node.isNull() ? Float.NaN : Float.parseFloat(node.asText());
    }

    private static void assertBits(float actual, float expected, String what) {
        assertThat(Float.floatToIntBits(actual)).as("%s: %s vs %s", what, actual, expected)
                .isEqualTo(Float.floatToIntBits(expected));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN).GET());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
