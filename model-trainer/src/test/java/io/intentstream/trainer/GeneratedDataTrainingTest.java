package io.intentstream.trainer;

import static io.intentstream.generator.GeneratorOptions.DURATION;
import static io.intentstream.generator.GeneratorOptions.SEED;
import static io.intentstream.generator.GeneratorOptions.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a week of generated traffic, the trained model ranks test sessions better than the "has a cart"
 * heuristic, and the trainer reports it next to the oracle: sessions ranked by their latent intent.
 */
class GeneratedDataTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void modelBeatsTheHasCartHeuristicAndIsReportedNextToTheOracle() throws Exception {
        Path events = tmp.resolve("events.jsonl");
        Path truth = tmp.resolve("truth.jsonl");
        GeneratorConfig config = GeneratorConfig.from(GeneratorOptions.defaults()
                .with(SEED, 7L).with(USERS, 30_000).with(DURATION, Duration.ofDays(7)));
        try (OutputStream out = Files.newOutputStream(events); Writer truthOut = Files.newBufferedWriter(truth)) {
            new ClickstreamGenerator(config).writeTo(out, truthOut);
        }

        Trainer.Result result = Trainer.run(Trainer.options().parse(new String[] {
            "--input", events.toString(), "--output", tmp.resolve("model").toString(), "--ground-truth", truth.toString(),
            "--threads", "2", "--model-version", "generated-test"}));
        Map<String, Map<String, Double>> m = result.bundle.metadata().metrics;
        double model = m.get("test_sessions").get("roc_auc");
        double hasCart = m.get("baseline_has_cart_test_sessions").get("roc_auc");
        double oracle = m.get("oracle_latent_intent_test_sessions").get("roc_auc");
        System.out.printf("generated week: session AUC model %.4f, has-cart %.4f, oracle %.4f%n", model, hasCart, oracle);

        assertThat(model).isGreaterThan(hasCart + 0.05);
        assertThat(m.get("model_on_oracle_test_sessions").get("roc_auc")).as("oracle compared on the same sessions")
                .isEqualTo(model);
        assertThat(m.get("oracle_latent_intent_test_sessions").get("examples"))
                .isEqualTo(m.get("test_sessions").get("examples"));
        assertThat(oracle).isGreaterThan(model);
    }
}
