package io.intentstream.job.functions;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * The events of one scoring subtask that arrived ahead of the watermark, on the heap until the watermark
 * passes them: about (max out-of-orderness + watermark interval) x input rate per subtask.
 *
 * <p>At a checkpoint the list goes to union operator state; on restore each subtask keeps the events whose
 * key group it owns, so rescaling works as it does for keyed state.
 */
public final class WaitingEvents {
    private static final Comparator<ClickEvent> BY_USER_THEN_EVENT_ORDER = (a, b) -> {
        int byUser = a.userId.compareTo(b.userId);
        return byUser != 0 ? byUser : EventOrder.COMPARATOR.compare(a, b);
    };

    private final ArrayList<ClickEvent> waiting = new ArrayList<>();

    /** The operator state the list is checkpointed to. */
    public static ListStateDescriptor<ClickEvent> descriptor() {
        return new ListStateDescriptor<>("events-waiting-for-watermark", TypeInformation.of(ClickEvent.class));
    }

    void add(ClickEvent event) {
        waiting.add(event);
    }

    int size() {
        return waiting.size();
    }

    /**
     * Moves the events at or before the watermark to {@code due}, grouped by user and in {@link EventOrder}
     * within a user: only a user's own order matters to its features, and a group costs one state read and
     * one write however many events it has. Groups of more than one event are common when the job catches
     * up on a backlog (a watermark step then spans minutes of event time) and rare at live rates.
     */
    void takeDue(long watermark, List<ClickEvent> due) {
        int kept = 0;
        for (int i = 0; i < waiting.size(); i++) {
            ClickEvent e = waiting.get(i);
            if (e.eventTime <= watermark) {
                due.add(e);
            } else {
                waiting.set(kept++, e);
            }
        }
        waiting.subList(kept, waiting.size()).clear();
        due.sort(BY_USER_THEN_EVENT_ORDER);
    }

    void snapshotTo(ListState<ClickEvent> state) throws Exception {
        // update() copies the elements into the state's own list; the events themselves are never mutated.
        state.update(waiting);
    }

    /** Keeps, of every subtask's checkpointed events (union state), those of the key groups this subtask owns. */
    void restore(Iterable<ClickEvent> checkpointed, TaskInfo task) {
        int keyGroups = task.getMaxNumberOfParallelSubtasks();
        restore(checkpointed, KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(keyGroups,
                task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask()), keyGroups);
    }

    /** Keeps the checkpointed events of the key groups in {@code owned}. */
    void restore(Iterable<ClickEvent> checkpointed, KeyGroupRange owned, int maxParallelism) {
        for (ClickEvent e : checkpointed) {
            if (owned.contains(KeyGroupRangeAssignment.assignToKeyGroup(e.userId, maxParallelism))) {
                waiting.add(e);
            }
        }
    }
}
