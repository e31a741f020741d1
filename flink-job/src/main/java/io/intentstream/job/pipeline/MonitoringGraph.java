package io.intentstream.job.pipeline;

import io.intentstream.cli.Options;
import io.intentstream.job.functions.DriftMerge;
import io.intentstream.job.functions.DriftPartials;
import io.intentstream.job.functions.QualityMerge;
import io.intentstream.job.functions.QualityPartials;
import io.intentstream.job.records.DriftPartial;
import io.intentstream.job.records.DriftRow;
import io.intentstream.job.records.QualityPartial;
import io.intentstream.job.records.QualityRow;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import io.intentstream.monitoring.DriftLayout;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift and live quality, downstream of the scores and the session outcomes: per-subtask partials chained to the
 * scoring operator, merged per model version in one task (one partial per subtask and window reaches it, so it
 * needs no parallelism), then a row per window (docs/monitoring.md).
 */
final class MonitoringGraph {
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringGraph.class);

    private MonitoringGraph() {}

    static Optional<DataStream<DriftRow>> drift(DataStream<ScoreRecord> scores, Options.Values options, ModelBundle bundle) {
        if (!options.get(PipelineOptions.DRIFT)) {
            return Optional.empty();
        }
        BundleMetadata meta = bundle.metadata();
        if (meta.referenceDistributions == null) {
            LOG.warn("Model bundle {} has no reference distributions (trained before they existed): drift is not computed. "
                    + "Retrain to get them; live quality is unaffected.", meta.modelVersion);
            return Optional.empty();
        }
        DriftLayout layout = DriftLayout.of(meta.referenceDistributions, meta.featureNames);
        long window = options.get(PipelineOptions.MONITORING_WINDOW).toMillis();
        return Optional.of(scores
                .transform("drift: window histograms", TypeInformation.of(DriftPartial.class), new DriftPartials(layout, window))
                .setParallelism(scores.getParallelism())
                .uid("drift-partials")
                .keyBy(p -> p.group)
                .process(new DriftMerge(layout, window), TypeInformation.of(DriftRow.class))
                .setParallelism(1).setMaxParallelism(1)
                .uid("drift-merge").name("drift: PSI per window"));
    }

    static Optional<DataStream<QualityRow>> quality(DataStream<SessionOutcome> outcomes, Options.Values options,
            ModelBundle bundle) {
        if (!options.get(PipelineOptions.LIVE_QUALITY)) {
            return Optional.empty();
        }
        BundleMetadata meta = bundle.metadata();
        long window = options.get(PipelineOptions.MONITORING_WINDOW).toMillis();
        long settle = meta.featureConfig.sessionTimeoutMillis + options.get(PipelineOptions.MAX_OUT_OF_ORDERNESS).toMillis();
        return Optional.of(outcomes
                .transform("live quality: window sessions", TypeInformation.of(QualityPartial.class),
                        new QualityPartials(window, settle))
                .setParallelism(outcomes.getParallelism())
                .uid("quality-partials")
                .keyBy(p -> p.group)
                .process(new QualityMerge(window, settle, meta.modelVersion, testRocAuc(meta)), TypeInformation.of(QualityRow.class))
                .setParallelism(1).setMaxParallelism(1)
                .uid("quality-merge").name("live quality per window"));
    }

    private static double testRocAuc(BundleMetadata meta) {
        Map<String, Double> sessions = meta.metrics == null ? null : meta.metrics.get("test_sessions");
        Double auc = sessions == null ? null : sessions.get("roc_auc");
        return auc == null ? Double.NaN : auc;
    }
}
