package io.intentstream.job.connectors.registry;

import io.intentstream.job.functions.JobMetric;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.features.FeatureConfig;
import io.intentstream.model.BundleValidation;
import io.intentstream.model.ModelBundle;
import io.intentstream.registry.ModelRegistry;
import io.intentstream.registry.StageDocument;
import java.time.Clock;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the registry's current stages once per call and answers with the stages to score with. A new revision is
 * checked first, off the scoring subtasks: every active version must load, pass the checks the job runs at
 * submission and share the running engine's feature configuration. A revision that fails is refused (logged,
 * counted, reported as a {@code refused} update) and the last accepted one stays.
 */
final class RegistryPoller implements GeneratorFunction<Long, ModelUpdate> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryPoller.class);

    private final String location;
    private final String model;
    private final String initialStagesJson;
    private final FeatureConfig engineConfig;

    private transient ModelRegistry registry;
    private transient StageDocument accepted;
    private transient long refusedRevision;
    private transient Counter refusals;

    RegistryPoller(String location, String model, StageDocument initial, FeatureConfig engineConfig) {
        this.location = location;
        this.model = model;
        this.initialStagesJson = initial.toJson();
        this.engineConfig = engineConfig;
    }

    @Override
    public void open(SourceReaderContext context) {
        registry = new ModelRegistry(FlinkRegistryStore.open(location), "job", Clock.systemUTC());
        accepted = StageDocument.fromJson(initialStagesJson);
        refusedRevision = Long.MIN_VALUE;
        refusals = context.metricGroup().addGroup(JobMetric.GROUP).counter(JobMetric.MODEL_REVISIONS_REFUSED.metricName());
    }

    @Override
    public ModelUpdate map(Long poll) throws Exception {
        long now = System.currentTimeMillis();
        StageDocument current = registry.current(model).orElse(accepted);
        if (current.revision() <= accepted.revision() || current.revision() == refusedRevision) {
            return ModelUpdate.of(ModelUpdate.STAGES, model, accepted.revision(), accepted.toJson(), null, null, now);
        }
        for (String version : current.activeVersions()) {
            String problem = check(version);
            if (problem != null) {
                refusedRevision = current.revision();
                refusals.inc();
                LOG.warn("Refused revision {} of {}: version {}: {}; scoring goes on with revision {}", current.revision(),
                        model, version, problem, accepted.revision());
                return ModelUpdate.of(ModelUpdate.REFUSED, model, current.revision(), accepted.toJson(), version, problem, now);
            }
        }
        accepted = current;
        LOG.info("Activating revision {} of {}: {} ({})", current.revision(), model, current.activeVersions(), current.action());
        return ModelUpdate.of(ModelUpdate.ACTIVATED, model, current.revision(), current.toJson(), null, current.action(), now);
    }

    /** Why a version cannot score in this job, or null. */
    private String check(String version) {
        try {
            ModelBundle bundle = registry.load(model, version);
            BundleValidation.validate(bundle, version);
            FeatureConfig config = bundle.metadata().featureConfig.toConfig();
            if (!config.equals(engineConfig)) {
                return "its feature configuration " + config + " differs from the running job's " + engineConfig
                        + " (session rules cannot change without a restart)";
            }
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
