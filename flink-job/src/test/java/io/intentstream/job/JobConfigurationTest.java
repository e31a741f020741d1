package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.cli.Options;
import io.intentstream.job.connectors.file.FileConnector;
import io.intentstream.job.pipeline.ModelInput;
import io.intentstream.job.pipeline.ScoringPipeline;
import io.intentstream.job.runtime.JobEnvironment;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/** The job runs on RocksDB with checkpoints whatever the environment, local runs included. */
class JobConfigurationTest {

    @Test
    void jobUsesIncrementalRocksDbAndCheckpoints() {
        Options.Values options = JobOptions.options().parse(new String[] {
            "--input", JobTestSupport.SAMPLE_EVENTS.toString(), "--input-format", "rees46", "--checkpoint-interval", "7s"});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env, options);
        ScoringPipeline.build(new FileConnector(options).source(env), ModelInput.fixed(env, JobTestSupport.sampleBundle()), options)
                .scores().sinkTo(CollectingSink.named("configuration-test"));

        StreamGraph graph = env.getStreamGraph();
        assertThat(graph.getStateBackend()).isInstanceOf(EmbeddedRocksDBStateBackend.class);
        EmbeddedRocksDBStateBackend rocksDb = (EmbeddedRocksDBStateBackend) graph.getStateBackend();
        assertThat(rocksDb.isIncrementalCheckpointsEnabled()).isTrue();
        assertThat(rocksDb.getPriorityQueueStateType()).isEqualTo(EmbeddedRocksDBStateBackend.PriorityQueueStateType.ROCKSDB);
        assertThat(graph.getCheckpointConfig().getCheckpointInterval()).isEqualTo(7_000);
    }
}
