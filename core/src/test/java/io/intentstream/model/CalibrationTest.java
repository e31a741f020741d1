package io.intentstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    private final Calibration isotonic = Calibration.isotonic(new float[] {-2f, 0f, 1f}, new double[] {0.01, 0.2, 0.6});

    @Test
    void isotonicInterpolatesBetweenKnotsAndIsFlatBeyondThem() {
        assertThat(isotonic.apply(-5f)).isEqualTo(0.01f);
        assertThat(isotonic.apply(-2f)).isEqualTo(0.01f);
        assertThat(isotonic.apply(-1f)).isEqualTo((float) 0.105);
        assertThat(isotonic.apply(0f)).isEqualTo(0.2f);
        assertThat(isotonic.apply(0.5f)).isEqualTo((float) 0.4);
        assertThat(isotonic.apply(1f)).isEqualTo(0.6f);
        assertThat(isotonic.apply(30f)).isEqualTo(0.6f);
    }

    @Test
    void isotonicNeverReversesTheOrderOfMargins() {
        float previous = -1;
        for (float m = -3f; m < 2f; m += 0.001f) {
            float p = isotonic.apply(m);
            assertThat(p).isGreaterThanOrEqualTo(previous);
            previous = p;
        }
    }

    @Test
    void plattIsALogisticCurveOfTheMargin() {
        Calibration platt = Calibration.platt(0.5, -1.0);

        assertThat(platt.apply(2f)).isEqualTo(0.5f);
        assertThat(platt.apply(0f)).isEqualTo((float) (1 / (1 + Math.exp(1.0))));
    }

    @Test
    void malformedCalibrationsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Calibration.isotonic(new float[] {0f, 0f}, new double[] {0.1, 0.2}))
                .isInstanceOf(BundleException.class).hasMessageContaining("strictly ascending");
        assertThatThrownBy(() -> Calibration.isotonic(new float[] {0f, 1f}, new double[] {0.3, 0.2}))
                .isInstanceOf(BundleException.class).hasMessageContaining("non-decreasing");
        assertThatThrownBy(() -> Calibration.isotonic(new float[] {0f, 1f}, new double[] {0.3, 1.2}))
                .isInstanceOf(BundleException.class).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> Calibration.platt(-1, 0))
                .isInstanceOf(BundleException.class).hasMessageContaining("positive slope");
        BundleMetadata.CalibrationJson unknown = new BundleMetadata.CalibrationJson();
        unknown.method = "beta";
        assertThatThrownBy(() -> Calibration.fromJson(unknown))
                .isInstanceOf(BundleException.class).hasMessageContaining("unknown calibration method 'beta'");
    }

    @Test
    void survivesBundleJsonExactly() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (Calibration c : List.of(isotonic, Calibration.platt(0.731, -0.117),
                Calibration.isotonic(new float[] {-3.1234567f, 0.1f, 2.7182817f}, new double[] {1e-4, 0.0123456789, 0.987}))) {
            String json = mapper.writeValueAsString(c.toJson());
            Calibration back = Calibration.fromJson(mapper.readValue(json, BundleMetadata.CalibrationJson.class));
            for (float m = -4f; m < 4f; m += 0.01f) {
                assertThat(Float.floatToIntBits(back.apply(m))).isEqualTo(Float.floatToIntBits(c.apply(m)));
            }
        }
    }
}
