package io.intentstream.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.cli.Options;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.monitoring.MonitoringFiles;
import io.intentstream.job.monitoring.PrometheusServer;
import io.intentstream.model.ModelBundle;
import io.intentstream.testing.external.Await;
import io.intentstream.testing.external.KafkaBroker;
import io.intentstream.trainer.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's metrics through a real Prometheus: a MiniCluster (Flink 1.20.5) with Flink's Prometheus reporter
 * (flink-metrics-prometheus 1.20.3) runs the Kafka job over the REES46 sample with a model that has drift references;
 * Prometheus scrapes it every second, and its HTTP API returns the job's counts, histograms, drift and quality gauges,
 * Flink's checkpoint and Kafka metrics, and every metric that a dashboard panel or an alert rule in
 * flink-conf/monitoring/ names.
 */
class PrometheusScrapeITCase {
    /** Past the sample by two days: the sample's day closes for drift and for live quality (24 h session timeout). */
    private static final String LATE_SENTINEL_TIME = "2019-10-04 00:00:00 UTC";
    private static final int PARTITIONS = 2;
    private static final int REPORTER_PORT = freePort();

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(reporterConfiguration()).build());

    @TempDir
    Path tmp;

    private static int freePort() {
        try {
            return PrometheusServer.freePort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Configuration reporterConfiguration() {
        Configuration conf = new Configuration();
        conf.setString("taskmanager.memory.managed.size", "512m");
        // As flink-conf/cluster/config.yaml, on one free port.
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", String.valueOf(REPORTER_PORT));
        conf.setString("metrics.reporter.prom.filterLabelValueCharacters", "false");
        return conf;
    }

    @Test
    void prometheusReadsTheJobsMetricsAndEveryMetricTheDashboardAndAlertsName() throws Exception {
        PrometheusServer.binary();
        Path bundleDir = tmp.resolve("model");
        Trainer.run(Trainer.options().parse(new String[] {"--input", JobTestSupport.SAMPLE_EVENTS.toString(), "--format",
            "rees46", "--output", bundleDir.toString(), "--threads", "2", "--model-version", "prom-1", "--rounds", "40"}));
        ModelBundle bundle = ModelBundle.read(bundleDir);

        KafkaTestSupport.Topics topics = new KafkaTestSupport.Topics("prometheus");
        topics.create(KAFKA, PARTITIONS);
        List<ProducerRecord<String, String>> records = new ArrayList<>(KafkaTestSupport.events(topics.events,
                KafkaTestSupport.sampleLines()));
        for (int p = 0; p < PARTITIONS; p++) {
            String user = "sentinel-" + p;
            records.add(new ProducerRecord<>(topics.events, p, user,
                    LATE_SENTINEL_TIME + ",view,1,1,,sentinel,1.00," + user + ",sentinel-session-" + p));
        }
        records.add(new ProducerRecord<>(topics.events, 0, "broken", "not a REES46 line"));
        KAFKA.produce(records);
        long scored = KafkaTestSupport.scoredIds(KafkaTestSupport.sampleLines()).size() + PARTITIONS;

        Options.Values options = KafkaTestSupport.options(KAFKA, topics, tmp);
        StreamExecutionEnvironment env = KafkaTestSupport.environment(options);
        KafkaTestSupport.kafkaJob(env, options, bundle);
        JobClient job = env.executeAsync("prometheus scrape IT");
        try (PrometheusServer prometheus = PrometheusServer.start(Files.createDirectories(tmp.resolve("prometheus")),
                "127.0.0.1:" + REPORTER_PORT)) {
            Await.until(Duration.ofMinutes(3), "Prometheus to see every event scored and a day of live quality", () -> {
                try {
                    return prometheus.scalar("sum(flink_taskmanager_job_task_operator_intentstream_events_scored)") == scored
                            && prometheus.query("flink_taskmanager_job_task_operator_intentstream_model_version_quality_roc_auc")
                                    .size() > 0
                            && prometheus.scalar("max(flink_jobmanager_job_numberOfCompletedCheckpoints)") >= 1;
                } catch (Exception e) {
                    return false;
                }
            });
            Set<String> names = prometheus.metricNames();
            Files.write(Files.createDirectories(Path.of("target/monitoring-figures")).resolve("scraped-metric-names.txt"),
                    names);

            assertThat(prometheus.scalar("sum(flink_taskmanager_job_task_operator_intentstream_model_version_model_active"
                    + "{model_version=\"prom-1\"})")).isEqualTo(PARTITIONS);
            assertThat(prometheus.query("flink_taskmanager_job_task_operator_intentstream_model_version_feature_drift_psi"
                    + "{feature=\"propensity\",model_version=\"prom-1\"}")).hasSize(1);
            assertThat(prometheus.scalar("max(flink_taskmanager_job_task_operator_intentstream_scoring_latency_ms"
                    + "{quantile=\"0.99\"})")).isGreaterThanOrEqualTo(0);
            assertThat(prometheus.scalar("max(flink_taskmanager_job_task_operator_intentstream_model_version_quality_sessions)"))
                    .isPositive();
            assertThat(prometheus.scalar("sum(flink_taskmanager_job_task_operator_intentstream_reason_dead_letters"
                    + "{reason=\"invalid_csv\"})")).isEqualTo(1);

            Set<String> missing = new TreeSet<>();
            for (String metric : MonitoringFiles.metricsNamedByDashboardAndAlerts()) {
                if (!names.contains(metric)) {
                    missing.add(metric);
                }
            }
            assertThat(missing).as("metrics named in flink-conf/monitoring/ that the job does not export").isEmpty();
        } finally {
            KafkaTestSupport.cancel(job);
        }
    }
}
