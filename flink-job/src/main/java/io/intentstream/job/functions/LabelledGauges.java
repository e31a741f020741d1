package io.intentstream.job.functions;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * Gauges with labels (Flink key-value groups, which the Prometheus reporter turns into labels), registered the first
 * time a label combination is set and holding the last value set. NaN until then.
 */
final class LabelledGauges {
    private final MetricGroup root;
    private final Map<List<String>, double[]> values = new HashMap<>();

    LabelledGauges(MetricGroup root) {
        this.root = root;
    }

    /** Sets the gauge {@code name} with the labels {@code keysAndValues} (key, value, key, value...) to {@code value}. */
    void set(String name, double value, String... keysAndValues) {
        List<String> id = Arrays.asList(append(keysAndValues, name));
        double[] holder = values.get(id);
        if (holder == null) {
            holder = new double[] {Double.NaN};
            MetricGroup group = root;
            for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
                group = group.addGroup(keysAndValues[i], keysAndValues[i + 1]);
            }
            double[] read = holder;
            group.gauge(name, (Gauge<Double>) () -> read[0]);
            values.put(id, holder);
        }
        holder[0] = value;
    }

    private static String[] append(String[] a, String last) {
        String[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }
}
