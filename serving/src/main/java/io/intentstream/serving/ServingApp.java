package io.intentstream.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureSchema;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lookup API (docs/serving.md, serving/src/main/resources/openapi.yaml): GET /users/{id}, POST /predict,
 * POST /predict/batch, GET /model/info, GET /health. JSON in and out; bodies above the limit get 413; with a token,
 * every endpoint but /health wants it as a bearer token (401 otherwise).
 */
public final class ServingApp implements AutoCloseable {
    private static final List<String> FEATURE_NAMES = FeatureSchema.names();

    private final ObjectMapper json = new ObjectMapper();
    private final ActiveModels models;
    private final UserLookup users;
    private final SessionScorer scorer;
    private final PredictRequests requests;
    private final byte[] expectedAuthorization;
    private final long maxBody;
    private final Javalin app;

    /**
     * @param token the bearer token every endpoint but /health requires, or {@code null} for none
     */
    ServingApp(ActiveModels models, UserLookup users, String token, long maxBody) {
        this.models = models;
        this.users = users;
        this.scorer = new SessionScorer(models);
        this.requests = new PredictRequests(json, ValidationRules.defaults());
        this.expectedAuthorization = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.maxBody = maxBody;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            // Our own bounded read gives the 413; Javalin's limit sits just above it as a second guard.
            config.http.maxRequestSize = maxBody + 1;
        });
        app.before(this::authenticate);
        app.get("/health", this::health);
        app.get("/users/{id}", this::user);
        app.post("/predict", this::predict);
        app.post("/predict/batch", this::predictBatch);
        app.get("/model/info", ctx -> send(ctx, 200, models.info()));
        app.get("/openapi.yaml", this::openApi);
        app.exception(ApiError.class, (e, ctx) -> send(ctx, e.status, error(e)));
        app.exception(Exception.class, (e, ctx) -> send(ctx, 500, Map.of("error", "internal_error",
                "detail", String.valueOf(e.getMessage()))));
    }

    /** Loads the models and connects to Redis as the options say. */
    public static ServingApp create(io.intentstream.cli.Options.Values options) {
        ActiveModels models = ServingCli.models(options);
        String token = options.get(ServingOptions.TOKEN);
        if (token == null) {
            token = System.getenv("INTENTSTREAM_SERVING_TOKEN");
        }
        return new ServingApp(models, new UserLookup(options.get(ServingOptions.REDIS_URI)),
                token == null || token.isEmpty() ? null : token, options.get(ServingOptions.MAX_BODY));
    }

    /** Starts listening; returns the port (the one chosen when {@code port} is 0). */
    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        users.close();
        models.close();
    }

    private void authenticate(Context ctx) {
        if (expectedAuthorization == null || ctx.path().equals("/health")) {
            return;
        }
        String header = ctx.header("Authorization");
        // Constant time: the comparison does not tell how much of a guess was right.
        if (header == null || !MessageDigest.isEqual(expectedAuthorization, header.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "unauthorized", header == null ? "no bearer token" : "wrong bearer token");
        }
    }

    private void health(Context ctx) {
        boolean redis;
        try {
            redis = users.ping();
        } catch (RuntimeException e) {
            redis = false;
        }
        send(ctx, redis ? 200 : 503, Map.of("status", redis ? "ok" : "redis_unavailable", "redis", redis));
    }

    private void user(Context ctx) {
        String id = ctx.pathParam("id");
        Map<String, Object> user = users.find(id);
        if (user == null) {
            throw new ApiError(404, "unknown_user", "the online store has nothing for user " + id);
        }
        send(ctx, 200, user);
    }

    private void predict(Context ctx) throws Exception {
        List<ClickEvent> events = requests.session(body(ctx));
        send(ctx, 200, render(scorer.score(events)));
    }

    private void predictBatch(Context ctx) throws Exception {
        List<List<ClickEvent>> sessions = requests.batch(body(ctx));
        List<Object> out = new ArrayList<>(sessions.size());
        for (List<ClickEvent> session : sessions) {
            out.add(render(scorer.score(session)));
        }
        send(ctx, 200, Map.of("sessions", out));
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = ServingApp.class.getResourceAsStream("/openapi.yaml")) {
            ctx.status(200).contentType("application/yaml").result(in.readAllBytes());
        }
    }

    /** The body, read up to the limit: a longer one (Content-Length or chunked) is refused with 413. */
    private byte[] body(Context ctx) throws IOException {
        if (ctx.req().getContentLengthLong() > maxBody) {
            throw tooLarge(ctx.req().getContentLengthLong());
        }
        byte[] bytes = ctx.req().getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
        if (bytes.length > maxBody) {
            throw tooLarge(bytes.length);
        }
        return bytes;
    }

    private ApiError tooLarge(long size) {
        return new ApiError(413, "body_too_large", "the body has " + (size > maxBody ? "more than " + maxBody : size)
                + " bytes; the limit is " + maxBody + " (--max-body)");
    }

    private static Map<String, Object> render(SessionScorer.SessionScore s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", s.userId());
        out.put("session_id", s.sessionId());
        out.put("arm", s.arm());
        out.put("model_version", s.modelVersion());
        List<Map<String, Object>> events = new ArrayList<>(s.events().size());
        for (SessionScorer.EventScore e : s.events()) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("event_id", e.event().eventId);
            event.put("event_time", e.event().eventTime);
            event.put("event_type", e.event().eventType.wireName());
            event.put("propensity", e.propensity());
            event.put("features", features(e.features()));
            events.add(event);
        }
        SessionScorer.EventScore last = s.events().get(s.events().size() - 1);
        out.put("propensity", last.propensity());
        out.put("features", events.get(events.size() - 1).get("features"));
        out.put("events", events);
        out.put("duplicates", s.duplicates());
        return out;
    }

    /** Features by name, FeatureSchema order; a missing feature (NaN) is JSON null. */
    private static Map<String, Float> features(float[] vector) {
        Map<String, Float> out = new LinkedHashMap<>();
        for (int f = 0; f < FEATURE_NAMES.size(); f++) {
            out.put(FEATURE_NAMES.get(f), Float.isNaN(vector[f]) ? null : vector[f]);
        }
        return out;
    }

    private static Map<String, Object> error(ApiError e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code);
        body.put("detail", e.getMessage());
        if (!e.rejects.isEmpty()) {
            body.put("rejects", e.rejects);
        }
        return body;
    }

    private void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
