package io.intentstream.job.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentstream.cli.Option;
import io.intentstream.job.JobOptions;
import io.intentstream.job.ManagedFlinkProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The job's options in the Terraform tree go through the job's own parser, so a renamed or mistyped option
 * fails here rather than at the first deployment. The options are the {@code *job_options} map locals (the
 * event source's in modules/streams, the deployment's at the root) and {@code extra_job_options} (its
 * default and terraform.tfvars.example); each source's options merged with the rest are what the EMR step
 * passes as arguments and what Managed Flink passes as runtime properties, and both are parsed that way.
 */
final class JobOptionChecks {
    private static final String SOURCES_MODULE = "modules/streams";

    private JobOptionChecks() {}

    static List<String> all(HclTree tree) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> sources = new TreeMap<>();
        Map<String, String> common = new LinkedHashMap<>();
        List<String> commonLabels = new ArrayList<>();
        tree.modules().keySet().forEach(module -> tree.locals(module).forEach((name, value) -> {
            if (name.endsWith("job_options") && value.isObject()) {
                String label = (module.isEmpty() ? "" : module + " ") + "local." + name;
                parse(label, map(value), problems);
                if (module.equals(SOURCES_MODULE)) {
                    sources.put(label, map(value));
                } else {
                    common.putAll(map(value));
                    commonLabels.add(label);
                }
            }
        }));
        tree.blocks("variable", (file, v) -> {
            if (v.name.equals("extra_job_options") && v.body.path("default").isObject()) {
                parse(file + " extra_job_options default", map(v.body.get("default")), problems);
            }
        });
        tree.files.forEach((file, body) -> {
            if (!file.endsWith(".tf") && body.path("extra_job_options").isObject()) {
                parse(file + " extra_job_options", map(body.get("extra_job_options")), problems);
                common.putAll(map(body.get("extra_job_options")));
                commonLabels.add(file + " extra_job_options");
            }
        });
        if (sources.isEmpty()) {
            problems.add(SOURCES_MODULE + ": no *job_options map local for any event source");
        }
        sources.forEach((label, options) -> {
            Map<String, String> deployed = new TreeMap<>(options);
            deployed.putAll(common);
            String what = label + " + " + String.join(" + ", commonLabels);
            parse("EMR step arguments (" + what + ")", deployed, problems);
            managedFlink("Managed Flink properties (" + what + ")", deployed, problems);
        });
        problems.addAll(wiring(tree));
        return problems;
    }

    /** Both runtimes get the root's local.job_options, and pass it on whole. */
    private static List<String> wiring(HclTree tree) {
        List<String> problems = new ArrayList<>();
        tree.blocks("module", (file, call) -> {
            String source = call.body.path("source").asText();
            if ((source.endsWith("/emr") || source.endsWith("/managed_flink"))
                    && !call.body.path("job_options").asText().equals("${local.job_options}")) {
                problems.add(file + ": module " + call.name + " must get job_options = local.job_options");
            }
        });
        boolean[] emrStep = {false};
        boolean[] properties = {false};
        tree.typedBlocks("resource", (file, r) -> {
            if (r.type.equals("aws_emr_cluster")) {
                Map<String, JsonNode> locals = tree.locals(HclTree.moduleOf(file));
                for (JsonNode step : r.body.path("step")) {
                    String args = step.path("hadoop_jar_step").path(0).path("args").toString();
                    for (Map.Entry<String, JsonNode> local : locals.entrySet()) {
                        args = args.replace("local." + local.getKey(), local.getValue().toString());
                    }
                    emrStep[0] |= args.contains("var.job_options") && args.contains("--${");
                }
                if (!emrStep[0]) {
                    problems.add(file + ": " + r.address() + " has no step that passes var.job_options as --name value arguments");
                }
            }
            if (r.type.equals("aws_kinesisanalyticsv2_application")) {
                JsonNode group = r.body.path("application_configuration").path(0).path("environment_properties").path(0)
                        .path("property_group").path(0);
                properties[0] = group.path("property_group_id").asText().equals(ManagedFlinkProperties.GROUP)
                        && group.path("property_map").asText().equals("${var.job_options}");
                if (!properties[0]) {
                    problems.add(file + ": " + r.address() + " must pass var.job_options as the property group "
                            + ManagedFlinkProperties.GROUP + " (the group the job reads), not " + group);
                }
            }
        });
        return problems;
    }

    private static void parse(String label, Map<String, String> options, List<String> problems) {
        List<String> arguments = new ArrayList<>();
        options.forEach((name, value) -> {
            arguments.add("--" + name);
            arguments.add(sample(name, value));
        });
        try {
            JobOptions.options().parse(arguments.toArray(new String[0]));
        } catch (IllegalArgumentException e) {
            problems.add(label + ": " + e.getMessage());
        }
    }

    private static void managedFlink(String label, Map<String, String> options, List<String> problems) {
        Properties properties = new Properties();
        options.forEach((name, value) -> properties.setProperty(name, sample(name, value)));
        try {
            JobOptions.options().parse(ManagedFlinkProperties.arguments(Map.of(ManagedFlinkProperties.GROUP, properties)));
        } catch (IllegalArgumentException e) {
            problems.add(label + ": " + e.getMessage());
        }
    }

    /** A literal value as it is; for a Terraform expression, a valid value of the option's type. */
    private static String sample(String name, String value) {
        if (!value.contains("${")) {
            return value;
        }
        Option<?> option = JobOptions.options().all().stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
        if (option == null) {
            return "x";
        }
        switch (option.typeName()) {
            case "integer":
                return "1";
            case "number":
                return "0.5";
            case "duration":
                return "1s";
            case "true|false":
                return "true";
            case "text":
                return "x";
            default:
                return option.typeName().split("\\|")[0];
        }
    }

    private static Map<String, String> map(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
