package io.intentstream.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.job.JobOptions;
import io.intentstream.job.records.RawRecord;
import io.intentstream.model.ModelBundle;
import io.intentstream.monitoring.ReferenceDistribution;
import io.intentstream.monitoring.ReferenceDistributions;
import io.intentstream.testing.SampleData;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The monitors' per-event work runs chained to the scoring operator, in its task: no score is serialized or shipped for
 * drift or quality. Only the merges are tasks of their own; with the options off, or a bundle without references for
 * drift, the monitors are not in the graph at all.
 */
class MonitoringGraphTest {

    private static List<String> tasks(ModelBundle bundle, String... args) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<RawRecord> raw = env.fromData(List.of(RawRecord.ofText("x", "test")), TypeInformation.of(RawRecord.class));
        Outputs outputs = ScoringPipeline.build(raw, ModelInput.fixed(env, bundle), JobOptions.options().parse(args));
        outputs.scores().print();
        outputs.drift().ifPresent(DataStream::print);
        outputs.quality().ifPresent(DataStream::print);
        List<String> names = new ArrayList<>();
        for (JobVertex v : env.getStreamGraph().getJobGraph().getVertices()) {
            names.add(v.getName());
        }
        return names;
    }

    private static ModelBundle withReferences() {
        ModelBundle sample = ModelBundle.read(SampleData.sampleBundle());
        ReferenceDistributions refs = new ReferenceDistributions();
        refs.features.put("price", ReferenceDistribution.fromSample(new double[] {1, 2, 3}, 10));
        refs.propensity = ReferenceDistribution.fromSample(new double[] {0.1, 0.2}, 10);
        sample.metadata().referenceDistributions = refs;
        return sample;
    }

    @Test
    void partialsRunInTheScoringTaskAndMergesInTasksOfTheirOwn() {
        List<String> tasks = tasks(withReferences());
        assertThat(tasks).anySatisfy(t -> assertThat(t).contains("session features and scoring")
                .contains("drift: window histograms").contains("live quality: window sessions"));
        assertThat(tasks).anySatisfy(t -> assertThat(t).startsWith("drift: PSI per window"));
        assertThat(tasks).anySatisfy(t -> assertThat(t).startsWith("live quality per window"));
    }

    @Test
    void switchedOffOrWithoutReferencesTheMonitorsAreNotThere() {
        assertThat(String.join("|", tasks(withReferences(), "--drift", "false", "--live-quality", "false")))
                .doesNotContain("drift").doesNotContain("quality");
        assertThat(String.join("|", tasks(ModelBundle.read(SampleData.sampleBundle())))).doesNotContain("drift")
                .contains("live quality per window");
    }
}
