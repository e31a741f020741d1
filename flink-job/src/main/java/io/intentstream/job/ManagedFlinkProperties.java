package io.intentstream.job;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.job.connectors.ConnectorOptions;
import io.intentstream.job.runtime.RuntimeOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Managed Service for Apache Flink's runtime properties turned into the job's arguments, so that one option
 * list serves {@code flink run}, EMR steps and Managed Flink: the property group {@value #GROUP} holds options
 * by name (without {@code --}), e.g. {@code kinesis-stream = arn:...}, and they are parsed like arguments.
 */
public final class ManagedFlinkProperties {
    /** The property group the job reads; terraform/modules/managed_flink writes it. */
    public static final String GROUP = "IntentStreamJob";

    /** Options that the service owns, or that mean nothing there, with what to do instead. */
    private static final Map<String, String> REFUSED = refused();

    /** Optional for {@code flink run}, required on Managed Flink: their defaults are nothing or a local path. */
    private static final List<Option<String>> REQUIRED = List.of(JobOptions.MODEL, ConnectorOptions.ARCHIVE);

    private ManagedFlinkProperties() {}

    /**
     * Where Managed Flink puts the runtime properties: the path in the AWS library's own config.properties,
     * named here because a resource of that generic name in another jar could shadow the library's.
     */
    static final String PROPERTIES_FILE = "/etc/flink/application_properties.json";

    /**
     * The job's arguments from the application's runtime properties, or empty when there are none (the job
     * does not run on Managed Flink, or the application has no properties at all).
     */
    public static Optional<String[]> fromRuntime() throws IOException {
        return fromFile(PROPERTIES_FILE);
    }

    static Optional<String[]> fromFile(String propertiesFile) throws IOException {
        Map<String, Properties> groups = KinesisAnalyticsRuntime.getApplicationProperties(propertiesFile);
        return groups.isEmpty() ? Optional.empty() : Optional.of(arguments(groups));
    }

    /**
     * {@code --name=value} arguments, in name order, from the property groups; refuses other groups, service-owned
     * options and a missing required option. Names and values are checked later by the job's own parser.
     */
    public static String[] arguments(Map<String, Properties> groups) {
        for (String group : groups.keySet()) {
            if (!group.equals(GROUP)) {
                throw new IllegalArgumentException("Managed Flink runtime properties: unknown property group '" + group
                        + "'; the job reads its options from the group " + GROUP);
            }
        }
        Properties properties = groups.get(GROUP);
        if (properties == null) {
            throw new IllegalArgumentException("Managed Flink runtime properties: no property group " + GROUP);
        }
        Map<String, String> options = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("--")) {
                throw new IllegalArgumentException("Managed Flink property " + GROUP + "." + name
                        + ": write the option name without the leading --");
            }
            if (REFUSED.containsKey(name)) {
                throw new IllegalArgumentException("Managed Flink property " + GROUP + "." + name + " is not allowed there: "
                        + REFUSED.get(name));
            }
            options.put(name, properties.getProperty(name));
        }
        for (Option<String> required : REQUIRED) {
            if (!options.containsKey(required.name())) {
                throw new IllegalArgumentException("Managed Flink property " + GROUP + "." + required.name()
                        + " is missing: it is required there (" + required.description() + ")");
            }
        }
        List<String> arguments = new ArrayList<>();
        options.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return arguments.toArray(new String[0]);
    }

    private static Map<String, String> refused() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put(RuntimeOptions.PARALLELISM.name(),
                "set the application's parallelism (parallelism_configuration); a fixed one in the job would defeat auto scaling");
        refused.put(RuntimeOptions.CHECKPOINT_DIR.name(), "the service stores checkpoints and snapshots itself");
        refused.put(JobOptions.LOCAL.name(), "it starts a MiniCluster inside the application");
        refused.put(JobOptions.FLINK_CONF_DIR.name(), "it is read by local runs only");
        refused.put(Options.CONFIG_FILE.name(), "the application has no file of its own to point at; give each option as a property");
        return refused;
    }
}
