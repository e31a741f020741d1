package io.intentstream.job.functions;

import static io.intentstream.job.JobTestSupport.cart;
import static io.intentstream.job.JobTestSupport.view;
import static io.intentstream.testing.Instants.PLUS_1S;
import static io.intentstream.testing.Instants.PLUS_2S;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

/** The heap list of events that wait for the watermark, on its own: what becomes due, in which order, and restore. */
class WaitingEventsTest {
    private final WaitingEvents waiting = new WaitingEvents();

    @Test
    void takesTheEventsAtOrBeforeTheWatermarkAndKeepsTheRest() {
        ClickEvent early = view("u1", "s1", "p1", 10.0, START);
        ClickEvent atMark = view("u2", "s2", "p1", 10.0, PLUS_1S);
        ClickEvent later = view("u1", "s1", "p2", 10.0, PLUS_2S);
        waiting.add(later);
        waiting.add(atMark);
        waiting.add(early);

        List<ClickEvent> due = new ArrayList<>();
        waiting.takeDue(PLUS_1S.toEpochMilli(), due);

        assertThat(due).containsExactlyInAnyOrder(early, atMark);
        assertThat(waiting.size()).isEqualTo(1);
        due.clear();
        waiting.takeDue(PLUS_2S.toEpochMilli(), due);
        assertThat(due).containsExactly(later);
        assertThat(waiting.size()).isZero();
    }

    @Test
    void dueEventsComeGroupedByUserAndInEventOrderWithinAUser() {
        waiting.add(view("u2", "s2", "p1", 10.0, PLUS_1S));
        waiting.add(cart("u1", "s1", "p1", 10.0, PLUS_1S));
        waiting.add(view("u1", "s1", "p1", 10.0, PLUS_1S));
        waiting.add(view("u2", "s2", "p0", 10.0, START));
        waiting.add(view("u1", "s1", "p0", 10.0, START));

        List<ClickEvent> due = new ArrayList<>();
        waiting.takeDue(PLUS_2S.toEpochMilli(), due);

        assertThat(due).extracting(e -> e.userId).containsExactly("u1", "u1", "u1", "u2", "u2");
        // Equal times: the view before the cart (EventOrder breaks ties by type, then id).
        assertThat(due).extracting(e -> e.eventType.wireName() + "@" + e.productId)
                .containsExactly("view@p0", "view@p1", "cart@p1", "view@p0", "view@p1");
    }

    @Test
    void restoreKeepsOnlyTheEventsOfTheKeyGroupsThisSubtaskOwns() {
        int maxParallelism = 128;
        List<ClickEvent> checkpointed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            checkpointed.add(view("u" + i, "s" + i, "p1", 10.0, START));
        }
        KeyGroupRange firstHalf = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, 2, 0);

        waiting.restore(checkpointed, firstHalf, maxParallelism);

        List<ClickEvent> due = new ArrayList<>();
        waiting.takeDue(START.toEpochMilli(), due);
        List<ClickEvent> expected = checkpointed.stream()
                .filter(e -> firstHalf.contains(KeyGroupRangeAssignment.assignToKeyGroup(e.userId, maxParallelism)))
                .collect(Collectors.toList());
        assertThat(expected).isNotEmpty().hasSizeLessThan(checkpointed.size());
        assertThat(due).containsExactlyInAnyOrderElementsOf(expected);
    }
}
