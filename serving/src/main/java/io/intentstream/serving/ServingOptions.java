package io.intentstream.serving;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.model.ScorerSelector;

/** The lookup service's command line (bin/intentstream serve; docs/serving.md). */
public final class ServingOptions {
    private ServingOptions() {}

    public static final Option<String> HOST = Option.string("host", "127.0.0.1",
            "address to listen on (0.0.0.0: every interface)");
    public static final Option<Integer> PORT = Option.integer("port", 8080, "HTTP port (0: any free port)");
    public static final Option<String> REDIS_URI = Option.string("redis-uri", "redis://127.0.0.1:6379",
            "the online store the job writes (its --redis-uri)");
    public static final Option<String> MODEL = Option.string("model", null,
            "model bundle directory that /predict scores with (--registry instead: the registry's production version)");
    public static final Option<String> REGISTRY = Option.string("registry", null,
            "local model registry root: /predict scores with the production version of --model-name, read at start");
    public static final Option<String> MODEL_NAME = Option.string("model-name", "purchase-intent", "model in the registry");
    public static final Option<String> SCORER = Option.string("scorer", ScorerSelector.Preference.AUTO.configValue(),
            "auto, java or xgboost4j, as the job's --scorer");
    public static final Option<String> TOKEN = Option.string("token", null,
            "require 'Authorization: Bearer <token>' on every endpoint but /health; unset: no authentication. "
                    + "Also read from the environment variable INTENTSTREAM_SERVING_TOKEN");
    public static final Option<Long> MAX_BODY = Option.size("max-body", 1024L * 1024,
            "largest request body accepted (413 above it)");

    public static Options options() {
        return new Options("bin/intentstream serve", "Serves the online store and scores sessions on request (docs/serving.md).")
                .add(HOST).add(PORT).add(REDIS_URI).add(MODEL).add(REGISTRY).add(MODEL_NAME).add(SCORER).add(TOKEN)
                .add(MAX_BODY);
    }
}
