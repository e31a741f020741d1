package io.intentstream.job.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.job.JobTestSupport;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import io.intentstream.registry.LocalRegistryStore;
import io.intentstream.registry.ModelRegistry;
import io.intentstream.registry.Stage;
import io.intentstream.registry.StageDocument;
import io.intentstream.serving.ServingApp;
import io.intentstream.serving.ServingOptions;
import io.intentstream.testing.external.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup API following a registry: /model/info shows its stages, /predict scores each user in the job's arm. */
class ServingRegistryITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path registry;

    private static ModelBundle version(String name) {
        ModelBundle sample = JobTestSupport.sampleBundle();
        BundleMetadata meta = sample.metadata();
        meta.modelVersion = name;
        return new ModelBundle(meta, sample.boosterJson());
    }

    @Test
    void modelInfoShowsTheStagesAndPredictScoresEachUserWithItsArmsVersion() throws Exception {
        ModelRegistry models = new ModelRegistry(new LocalRegistryStore(registry), "test", Clock.systemUTC());
        models.publish("intent", version("v1"));
        models.publish("intent", version("v2"));
        models.promote("intent", "v1", Stage.PRODUCTION, 0);
        StageDocument stages = models.promote("intent", "v2", Stage.CHALLENGER, 0.5);

        try (RedisServer redis = RedisServer.start();
                ServingApp app = ServingApp.create(ServingOptions.options().parse(new String[] {
                    "--redis-uri", redis.uri(), "--registry", registry.toString(), "--model-name", "intent"}))) {
            String base = "http://127.0.0.1:" + app.start("127.0.0.1", 0);
            JsonNode info = JSON.readTree(get(base + "/model/info").body());
            assertThat(info.at("/stages/production").asText()).isEqualTo("v1");
            assertThat(info.at("/stages/challenger/version").asText()).isEqualTo("v2");
            assertThat(info.at("/stages/challenger/share").asDouble()).isEqualTo(0.5);
            assertThat(info.at("/revision").asLong()).isEqualTo(stages.revision());

            Set<String> arms = new HashSet<>();
            for (int u = 0; u < 40; u++) {
                String user = "user-" + u;
                String session = "[{\"event_time\":\"2019-10-01T00:00:00Z\",\"event_type\":\"view\",\"session_id\":\"s-" + u
                        + "\",\"user_id\":\"" + user + "\",\"product_id\":\"p1\",\"price\":25.0}]";
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/predict"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(session)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode body = JSON.readTree(r.body());
                String arm = stages.armOf(user).wireName();
                arms.add(arm);
                assertThat(body.get("arm").asText()).as("arm of %s", user).isEqualTo(arm);
                assertThat(body.get("model_version").asText()).as("version for %s", user)
                        .isEqualTo("challenger".equals(arm) ? "v2" : "v1");
            }
            assertThat(arms).as("both arms among 40 users").contains("champion", "challenger");
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
