package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/** The XGBoost version comes from the booster the native library wrote, and agrees with the binding's jar. */
class XGBoostVersionTest {

    /** The version Maven recorded in the xgboost4j jar on the class path: an independent witness. */
    static String versionOfTheXGBoost4JJar() throws Exception {
        try (InputStream in = XGBoost.class.getResourceAsStream("/META-INF/maven/ml.dmlc/xgboost4j_2.12/pom.properties")) {
            assertThat(in).as("pom.properties of the xgboost4j jar").isNotNull();
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }

    @Test
    void aFreshlyTrainedBoosterCarriesTheVersionOfTheLibraryThatTrainedIt() throws Exception {
        try (ExampleSet examples = SyntheticExamples.separable(200, 0, 0)) {
            String version = XGBoostVersion.of(SyntheticExamples.train(examples).boosterJson());

            assertThat(version).matches("\\d+\\.\\d+\\.\\d+").isEqualTo(versionOfTheXGBoost4JJar());
        }
    }

    @Test
    void onlyTheTopLevelVersionCounts() {
        byte[] json = "{\"learner\":{\"attributes\":{\"version\":[9,9,9]},\"trees\":[[1,2],{\"version\":1}]},\"version\":[3,0,1]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(XGBoostVersion.of(json)).isEqualTo("3.0.1");
    }

    @Test
    void aBoosterWithoutAReadableVersionIsRefusedWithTheReason() {
        assertThatThrownBy(() -> XGBoostVersion.of("{\"learner\":{}}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("the booster JSON has no top-level \"version\" written by XGBoost");
        assertThatThrownBy(() -> XGBoostVersion.of("{\"version\":[2,1]}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("the booster's \"version\" is not [major, minor, patch]");
        assertThatThrownBy(() -> XGBoostVersion.of("[2,1,4]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("the booster is not a JSON object");
    }
}
