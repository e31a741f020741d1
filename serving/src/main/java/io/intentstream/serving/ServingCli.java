package io.intentstream.serving;

import io.intentstream.cli.Options;
import io.intentstream.model.BundleException;
import io.intentstream.model.ScorerSelector;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Entry point of {@code bin/intentstream serve}: starts the lookup API and runs until stopped. */
public final class ServingCli {
    private ServingCli() {}

    public static void main(String[] args) throws InterruptedException {
        Options.Values options = ServingOptions.options().parseOrExit(args);
        if (options == null) {
            return;
        }
        ServingApp app;
        try {
            app = ServingApp.create(options);
        } catch (BundleException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(e instanceof BundleException ? 3 : 2);
            return;
        }
        int port = app.start(options.get(ServingOptions.HOST), options.get(ServingOptions.PORT));
        System.err.println("[intentstream] serving on http://" + options.get(ServingOptions.HOST) + ":" + port
                + " (Redis " + options.get(ServingOptions.REDIS_URI) + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** The models the options name: --model or --registry, exactly one. */
    static ActiveModels models(Options.Values options) {
        String model = options.get(ServingOptions.MODEL);
        String registry = options.get(ServingOptions.REGISTRY);
        if ((model == null) == (registry == null)) {
            throw new IllegalArgumentException("give exactly one of --model (a bundle directory) and --registry");
        }
        ScorerSelector.Preference preference = ScorerSelector.Preference.parse(options.get(ServingOptions.SCORER));
        return model != null ? ActiveModels.fixed(Path.of(model), preference)
                : ActiveModels.registry(Path.of(registry), options.get(ServingOptions.MODEL_NAME), preference);
    }
}
