package io.intentstream.job.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import io.intentstream.job.JobTestSupport;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * flink-conf/monitoring/ is sound without a running job: promtool accepts the alert rules and their unit tests pass,
 * every rule has a {@code for:} duration, a severity and a runbook in docs/monitoring.md, and every dashboard panel
 * queries at least one of Flink's metrics (PrometheusScrapeITCase checks that the job exports each of them).
 */
class MonitoringFilesTest {

    private static String promtool(String... args) throws IOException, InterruptedException {
        Path bin = Path.of("/usr/bin/promtool");
        PrometheusServer.binary(); // skips outside CI when Prometheus is not installed, fails in CI
        List<String> command = new ArrayList<>(List.of(bin.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(MonitoringFiles.DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("promtool " + String.join(" ", args) + ":\n" + out).isZero();
        return out;
    }

    @Test
    void promtoolChecksTheRulesAndTheirUnitTestsPass() throws Exception {
        assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS: 6 rules found");
        assertThat(promtool("test", "rules", "alerts-test.yml")).contains("SUCCESS");
        assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS");
    }

    /** Our alerts.yml keeps one key a line, so its rules read as blocks of lines without a YAML library. */
    @Test
    void everyRuleWaitsHasASeverityAndARunbookThatExists() throws Exception {
        String doc = Files.readString(JobTestSupport.REPO.resolve("docs/monitoring.md"));
        String[] blocks = Files.readString(MonitoringFiles.ALERTS).split("\n\s*- alert: ");
        assertThat(blocks).hasSize(7);
        for (int i = 1; i < blocks.length; i++) {
            String rule = blocks[i];
            String name = rule.substring(0, rule.indexOf('\n')).trim();
            for (String key : List.of("expr:", "for:", "severity:", "team:", "summary:", "runbook_url:")) {
                assertThat(rule).as(name).containsPattern("\\n\\s+" + key + " ");
            }
            Matcher runbook = Pattern.compile("runbook_url: \"docs/monitoring.md#([a-z0-9-]+)\"").matcher(rule);
            assertThat(runbook.find()).as(name + " runbook").isTrue();
            assertThat(runbook.group(1)).isEqualTo(name.toLowerCase(Locale.ROOT));
            assertThat(doc).as("docs/monitoring.md has a section for " + name).contains("### " + name + "\n");
        }
        assertThat(MonitoringFiles.alertExpressions()).hasSize(6)
                .allSatisfy(expr -> assertThat(MonitoringFiles.metricNames(expr)).isNotEmpty());
    }

    @Test
    void everyPanelQueriesTheJobsMetrics() throws Exception {
        JsonNode panels = MonitoringFiles.dashboard().path("panels");
        assertThat(panels.size()).isGreaterThanOrEqualTo(12);
        for (JsonNode panel : panels) {
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(MonitoringFiles.metricNames(target.path("expr").asText())).as(panel.path("title").asText()).isNotEmpty();
            }
        }
        assertThat(MonitoringFiles.metricsNamedByDashboardAndAlerts()).hasSizeGreaterThan(15);
    }
}
