package io.intentstream.job;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import io.intentstream.testing.Events;
import io.intentstream.testing.SampleData;
import java.nio.file.Path;
import org.apache.flink.configuration.BatchExecutionOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import java.time.Instant;

/** Job-test shorthands over the shared fixtures ({@code Instants}, {@code Events}): events of a given user, the samples. */
public final class JobTestSupport {
    public static final Path REPO = SampleData.REPO;
    public static final Path SAMPLE_EVENTS = SampleData.rees46();
    public static final Path SAMPLE_BUNDLE = SampleData.sampleBundle();

    private JobTestSupport() {}

    /**
     * The MiniCluster every job test runs on: one task manager with two slots (keyBy crosses subtasks, as
     * on a cluster) and enough managed memory that RocksDB is not starved (docs/BENCHMARKS.md).
     */
    public static MiniClusterExtension miniCluster() {
        Configuration conf = new Configuration();
        conf.setString("taskmanager.memory.managed.size", "512m");
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(conf).build());
    }

    /**
     * The test cluster's environment for a BATCH job (the backfill), with two subtasks per operator: on small test
     * inputs the adaptive batch scheduler would otherwise pick one, and keyBy would cross no subtasks.
     */
    public static StreamExecutionEnvironment batchEnvironment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration conf = new Configuration();
        conf.set(BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_ENABLED, false);
        env.configure(conf);
        env.setParallelism(2);
        return env;
    }

    public static ModelBundle sampleBundle() {
        return ModelBundle.read(SAMPLE_BUNDLE);
    }

    /** The sample booster standing in for a repeat-purchase model of {@code version}: what it learnt does not matter. */
    public static ModelBundle repeatPurchaseBundle(String version) {
        ModelBundle sample = sampleBundle();
        BundleMetadata meta = sample.metadata();
        meta.target = "repeat-purchase";
        meta.horizonDays = 30.0;
        meta.modelVersion = version;
        meta.calibration = null;
        meta.formatVersion = BundleMetadata.USER_TARGET_FORMAT_VERSION;
        return new ModelBundle(meta, sample.boosterJson());
    }

    public static ClickEvent event(EventType type, String user, String session, String product, double price, Instant at) {
        return Events.event(type, at).user(user).session(session).product(product)
                .category("cat-" + product.charAt(0)).brand("brand-" + product.charAt(0)).price(price).build();
    }

    public static ClickEvent view(String user, String session, String product, double price, Instant at) {
        return event(EventType.VIEW, user, session, product, price, at);
    }

    public static ClickEvent cart(String user, String session, String product, double price, Instant at) {
        return event(EventType.CART, user, session, product, price, at);
    }

    public static ClickEvent purchase(String user, String session, String product, double price, Instant at) {
        return event(EventType.PURCHASE, user, session, product, price, at);
    }
}
