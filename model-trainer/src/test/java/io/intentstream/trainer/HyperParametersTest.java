package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.intentstream.cli.Options;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hyper-parameters: built from the options, checked before any native call, rendered for XGBoost and bundle.json. */
class HyperParametersTest {

    private static HyperParameters fromArgs(String... args) {
        Options.Values values = Trainer.options().parse(args);
        return HyperParameters.fromOptions(values);
    }

    @Test
    void theDefaultsAreTheOptionsDefaultsWithAllCores() {
        assertThat(fromArgs()).isEqualTo(new HyperParameters(6, 0.05, 1.0, 0.8, 0.8, 1.0,
                Runtime.getRuntime().availableProcessors(), 0L, 300, 30, Map.of()));
    }

    @Test
    void everyOptionReachesItsParameter() {
        HyperParameters hp = fromArgs("--max-depth", "4", "--eta", "0.1", "--min-child-weight", "2", "--subsample", "0.5",
                "--colsample-bytree", "0.6", "--lambda", "3", "--threads", "2", "--seed", "7", "--rounds", "50",
                "--early-stopping-rounds", "0", "--xgb-params", "gamma=1, max_bin = 128");

        assertThat(hp).isEqualTo(new HyperParameters(4, 0.1, 2.0, 0.5, 0.6, 3.0, 2, 7L, 50, 0,
                Map.of("gamma", "1", "max_bin", "128")));
    }

    @Test
    void theBoosterParametersAreXGBoostsNamesInAFixedOrderWithTheExtrasLast() {
        HyperParameters hp = new HyperParameters(4, 0.1, 2.0, 0.5, 0.6, 3.0, 2, 7L, 50, 5,
                new LinkedHashMap<>(Map.of("max_bin", "128")));

        assertThat(hp.boosterParams()).containsExactly(entry("objective", "binary:logistic"), entry("tree_method", "hist"),
                entry("eval_metric", "logloss"), entry("max_depth", 4), entry("eta", 0.1), entry("min_child_weight", 2.0),
                entry("subsample", 0.5), entry("colsample_bytree", 0.6), entry("lambda", 3.0), entry("nthread", 2),
                entry("seed", 7L), entry("max_bin", "128"));
        Map<String, Object> withExtras = fromArgs("--xgb-params", "max_bin=128,gamma=1").boosterParams();
        List<String> keys = new ArrayList<>(withExtras.keySet());
        assertThat(keys.subList(keys.size() - 2, keys.size())).as("extras last, in the order given")
                .containsExactly("max_bin", "gamma");
        assertThat(withExtras).containsEntry("max_bin", "128").containsEntry("gamma", "1");
    }

    @Test
    void bundleParamsAreTheBoosterParametersThenTheRoundSettings() {
        HyperParameters hp = fromArgs("--threads", "1", "--rounds", "40", "--early-stopping-rounds", "4");

        Map<String, Object> params = hp.bundleParams();
        assertThat(new ArrayList<>(params.keySet()).subList(0, hp.boosterParams().size()))
                .containsExactlyElementsOf(hp.boosterParams().keySet());
        assertThat(params).containsAllEntriesOf(hp.boosterParams()).containsEntry("rounds", 40)
                .containsEntry("early_stopping_rounds", 4).hasSize(hp.boosterParams().size() + 2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--max-depth|0|max-depth must be in 1..16, got 0",
        "--max-depth|17|max-depth must be in 1..16, got 17",
        "--eta|0|eta must be in (0, 1], got 0.0",
        "--eta|1.5|eta must be in (0, 1], got 1.5",
        "--min-child-weight|-1|min-child-weight must be >= 0, got -1.0",
        "--subsample|0|subsample must be in (0, 1], got 0.0",
        "--colsample-bytree|1.01|colsample-bytree must be in (0, 1], got 1.01",
        "--lambda|-0.5|lambda must be >= 0, got -0.5",
        "--threads|0|threads must be >= 1, got 0",
        "--rounds|0|rounds must be >= 1, got 0",
        "--early-stopping-rounds|-1|early-stopping-rounds must be >= 0, got -1",
        "--xgb-params|objective=reg:squarederror|the objective is fixed to binary:logistic",
        "--xgb-params|gamma|--xgb-params: expected k=v, got 'gamma'",
    })
    void aValueOutOfRangeIsRefusedWithAMessageNamingTheOption(String option, String value, String message) {
        assertThatThrownBy(() -> fromArgs(option, value)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void theExtrasCannotBeChangedAfterValidation() {
        HyperParameters hp = fromArgs("--xgb-params", "gamma=1");

        assertThatThrownBy(() -> hp.extra().put("objective", "reg:squarederror"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
