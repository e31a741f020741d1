package io.intentstream.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The schema's index constants and its name list must agree: the model bundle records the names, the engine writes by index. */
class FeatureSchemaTest {

    @Test
    void everyIndexConstantPointsAtTheFeatureOfTheSameName() throws IllegalAccessException {
        Map<Integer, String> byIndex = new TreeMap<>();
        for (Field f : FeatureSchema.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers()) && !f.getName().endsWith("SIZE")) {
                int index = f.getInt(null);
                String previous = byIndex.put(index, f.getName());
                assertThat(previous).as("two constants share index %d", index).isNull();
                assertThat(FeatureSchema.names().get(index)).isEqualTo(f.getName().toLowerCase(Locale.ROOT));
            }
        }

        assertThat(byIndex).hasSize(FeatureSchema.SIZE);
        assertThat(byIndex.keySet()).first().isEqualTo(0);
        assertThat(byIndex.keySet()).last().isEqualTo(FeatureSchema.SIZE - 1);
    }

    @Test
    void namesAreUniqueAndTheListHasTheDocumentedLength() {
        assertThat(FeatureSchema.names()).doesNotHaveDuplicates().hasSize(43);
    }

    @Test
    void eachVersionExtendsTheOneBefore() {
        assertThat(FeatureSchema.versions()).containsExactly(FeatureSchema.SESSION_VERSION, FeatureSchema.VERSION);
        assertThat(FeatureSchema.names(FeatureSchema.SESSION_VERSION).orElseThrow())
                .hasSize(FeatureSchema.SESSION_SIZE).isEqualTo(FeatureSchema.names().subList(0, 26))
                .endsWith("is_weekend");
        assertThat(FeatureSchema.names(FeatureSchema.VERSION).orElseThrow()).isEqualTo(FeatureSchema.names());
        assertThat(FeatureSchema.names("session-features-0")).isEmpty();
        assertThat(FeatureSchema.names(null)).isEmpty();
    }
}
