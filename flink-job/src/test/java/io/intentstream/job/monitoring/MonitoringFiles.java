package io.intentstream.job.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.job.JobTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The monitoring files in flink-conf/monitoring/ and the metric names their queries use. */
public final class MonitoringFiles {
    public static final Path DIR = JobTestSupport.REPO.resolve("flink-conf/monitoring");
    public static final Path DASHBOARD = DIR.resolve("grafana-dashboard.json");
    public static final Path ALERTS = DIR.resolve("alerts.yml");
    /** Every metric Flink's reporter exports starts so; label names and functions do not. */
    private static final Pattern METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_]+");
    private static final Pattern EXPR = Pattern.compile("^\\s*expr:\\s*(.+)$", Pattern.MULTILINE);

    private MonitoringFiles() {}

    /** The {@code expr} of every target of every panel (rows included). */
    public static List<String> dashboardQueries() throws IOException {
        List<String> queries = new ArrayList<>();
        collect(dashboard().path("panels"), queries);
        return queries;
    }

    /** The queries of the dashboard's variables (e.g. the model versions to choose from). */
    public static List<String> variableQueries() throws IOException {
        List<String> queries = new ArrayList<>();
        for (JsonNode variable : dashboard().path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                queries.add(variable.path("query").asText());
            }
        }
        return queries;
    }

    public static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    private static void collect(JsonNode panels, List<String> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText());
            }
            collect(panel.path("panels"), queries);
        }
    }

    /** The {@code expr} of every alert rule (one line each in our file). */
    public static List<String> alertExpressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        Matcher m = EXPR.matcher(Files.readString(ALERTS));
        while (m.find()) {
            exprs.add(m.group(1).trim());
        }
        return exprs;
    }

    public static Set<String> metricNames(String query) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(query);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    public static Set<String> metricsNamedByDashboardAndAlerts() throws IOException {
        Set<String> names = new TreeSet<>();
        dashboardQueries().forEach(q -> names.addAll(metricNames(q)));
        variableQueries().forEach(q -> names.addAll(metricNames(q)));
        alertExpressions().forEach(q -> names.addAll(metricNames(q)));
        return names;
    }
}
