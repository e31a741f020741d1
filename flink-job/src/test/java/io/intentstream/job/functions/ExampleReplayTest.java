package io.intentstream.job.functions;

import static io.intentstream.job.JobTestSupport.cart;
import static io.intentstream.job.JobTestSupport.purchase;
import static io.intentstream.job.JobTestSupport.view;
import static io.intentstream.testing.Instants.PLUS_1M;
import static io.intentstream.testing.Instants.PLUS_1S;
import static io.intentstream.testing.Instants.PLUS_2S;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.records.ExampleRecord;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backfill's replay function, fed as BATCH execution feeds it (one user's events sorted by timestamp, then the
 * end of the user's input as a final watermark): it applies events with the same time in the trainer's event order,
 * emits a session's examples once its label is settled, and leaves no timer behind.
 */
class ExampleReplayTest {
    private KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, ExampleRecord> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ExampleReplay(FeatureConfig.defaults(), ApplyOrder.EVENT_TIME)),
                e -> e.userId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(ClickEvent e) throws Exception {
        harness.processElement(new StreamRecord<>(e, e.eventTime));
    }

    private List<ExampleRecord> examples() {
        return harness.extractOutputValues();
    }

    @Test
    void eventsWithTheSameTimeAreAppliedInEventOrderAndTheSessionIsEmittedWhenItsLabelSettles() throws Exception {
        // The cart comes first in the input, but a view sorts before a cart of the same time.
        send(cart("u1", "s1", "p1", 20.0, START));
        send(view("u1", "s1", "p1", 20.0, START));
        send(view("u1", "s1", "p2", 30.0, PLUS_1S));
        assertThat(examples()).as("nothing before the label is known").isEmpty();
        send(purchase("u1", "s1", "p1", 20.0, PLUS_2S));
        send(view("u1", "s1", "p3", 5.0, PLUS_1M));

        List<ExampleRecord> out = examples();
        assertThat(out).hasSize(3);
        assertThat(out.stream().map(r -> r.features[FeatureSchema.IS_VIEW]).collect(Collectors.toList()))
                .as("view, cart, view").containsExactly(1f, 0f, 1f);
        assertThat(out.stream().map(r -> r.rowIndex).collect(Collectors.toList())).containsExactly(0, 1, 2);
        assertThat(out).allMatch(r -> r.label && r.sessionEnd == PLUS_2S.toEpochMilli() && r.side == null && !r.returningUser);
        assertThat(out.get(2).lastOfSession).isTrue();
        assertThat(harness.numEventTimeTimers()).as("the user's end-of-input timer").isEqualTo(1);

        harness.processWatermark(Long.MAX_VALUE);
        assertThat(examples()).as("the purchasing session had nothing more to emit").hasSize(3);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theEndOfAUsersInputClosesItsSessionsWithNegativeExamples() throws Exception {
        send(view("u1", "s1", "p1", 20.0, START));
        send(view("u1", "s1", "p1", 20.0, PLUS_1S));
        assertThat(examples()).isEmpty();

        harness.processWatermark(Long.MAX_VALUE);
        List<ExampleRecord> out = examples();
        assertThat(out).hasSize(2).noneMatch(r -> r.label);
        assertThat(out.get(1).sessionEnd).isEqualTo(PLUS_1S.toEpochMilli());
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anotherUserBeforeTheFirstEndedIsRefused() throws Exception {
        send(view("u1", "s1", "p1", 20.0, START));
        assertThatThrownBy(() -> send(view("u2", "s2", "p1", 20.0, PLUS_1S)))
                .hasMessageContaining("BATCH execution mode only");
    }

    @Test
    void anEarlierEventAfterALaterOneIsRefused() throws Exception {
        send(view("u1", "s1", "p1", 20.0, PLUS_1S));
        assertThatThrownBy(() -> send(view("u1", "s1", "p1", 20.0, START))).hasMessageContaining("out of time order");
    }

    @Test
    void recordsAreFlinkPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ExampleRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(io.intentstream.job.records.SplitCutoffs.class);
    }
}
