package io.intentstream.job;

import static io.intentstream.job.JobTestSupport.PLUS_1S;
import static io.intentstream.job.JobTestSupport.START;
import static io.intentstream.job.JobTestSupport.cart;
import static io.intentstream.job.JobTestSupport.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionState;
import io.intentstream.job.functions.SessionScoringOperator;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.RawRecord;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.job.records.UserSessions;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** Everything kept in state or sent between operators is serialized by Flink's own serializers, never Kryo. */
class RecordTypesTest {

    @Test
    void recordsAndStateArePojosWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ClickEvent.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SessionState.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RawRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ScoreRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SessionOutcome.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DeadLetter.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(UserSessions.class);
    }

    @Test
    void stateSerializersAreCreatedWithGenericTypesDisabled() {
        // With generic types disabled Flink refuses to create any serializer that would fall back to Kryo.
        ExecutionConfig noKryo = new ExecutionConfig();
        noKryo.disableGenericTypes();
        for (StateDescriptor<?, ?> d : List.of(SessionScoringOperator.waitingDescriptor(),
                SessionScoringOperator.sessionsDescriptor(), SessionScoringOperator.userSessionsDescriptor())) {
            d.initializeSerializerUnlessSet(noKryo);
            assertThat(d.isSerializerInitialized()).as(d.getName()).isTrue();
        }
    }

    @Test
    void sessionStateSurvivesASerializationRoundTrip() throws Exception {
        SessionFeatureEngine engine = new SessionFeatureEngine(FeatureConfig.defaults());
        ClickEvent first = view("u1", "s1", "p1", 10.0, START);
        SessionState state = engine.newSession(first);
        float[] features = new float[FeatureSchema.SIZE];
        engine.apply(state, first, features);
        engine.apply(state, cart("u1", "s1", "p1", 10.0, PLUS_1S), features);
        state.lastPropensity = 0.25f;

        var descriptor = SessionScoringOperator.sessionsDescriptor();
        descriptor.initializeSerializerUnlessSet(new ExecutionConfig());
        TypeSerializer<SessionState> serializer = descriptor.getValueSerializer();
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(state, out);
        SessionState copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(copy).usingRecursiveComparison()
                .withComparatorForType(Float::compare, Float.class)
                .withComparatorForType(Double::compare, Double.class)
                .isEqualTo(state);
        assertThat(copy.productKeys).isNotSameAs(state.productKeys);
    }
}
