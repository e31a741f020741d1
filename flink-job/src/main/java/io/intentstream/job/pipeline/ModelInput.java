package io.intentstream.job.pipeline;

import io.intentstream.job.functions.BundleSource;
import io.intentstream.job.functions.ModelSet;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.model.ModelBundle;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The models the scoring operator starts with, the stream of stage changes it follows, and where it reads a
 * version it does not have: the registry's, or one fixed bundle and a stream that says nothing.
 */
public record ModelInput(DataStream<ModelUpdate> updates, ModelSet initial, BundleSource bundles) {

    /** One fixed bundle ({@code --model}): nothing ever changes it. */
    public static ModelInput fixed(StreamExecutionEnvironment env, ModelBundle bundle) {
        return fixed(env, ModelSet.fixed(bundle));
    }

    /** Stages that never change (benchmarks: production with shadow models, without a registry). */
    public static ModelInput fixed(StreamExecutionEnvironment env, ModelSet models) {
        // One element that changes nothing (an empty collection is not a source Flink accepts).
        ModelUpdate fixed = ModelUpdate.of(ModelUpdate.STAGES, models.stages().model(), models.stages().revision(), models.stages().toJson(), null, null, 0);
        DataStream<ModelUpdate> none = env.fromData(List.of(fixed), TypeInformation.of(ModelUpdate.class))
                .setParallelism(1).uid("fixed-model").name("fixed model");
        return new ModelInput(none, models, BundleSource.none());
    }
}
