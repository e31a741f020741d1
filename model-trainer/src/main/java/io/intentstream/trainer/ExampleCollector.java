package io.intentstream.trainer;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.Hashing;
import io.intentstream.features.SessionState;
import io.intentstream.replay.ReplayListener;
import io.intentstream.replay.SessionExamples;

/**
 * Turns a replay into training examples in an {@link ExampleSet}: which events are examples, their labels and the
 * sessions' metadata are {@link SessionExamples}' rules, which the backfill job applies too.
 */
public final class ExampleCollector implements ReplayListener {
    private final SessionExamples sessions;

    public ExampleCollector(ExampleSet examples) {
        this.sessions = new SessionExamples(examples.width(), new SessionExamples.Sink() {
            @Override
            public int session(ClickEvent first, SessionState session, boolean returning) {
                return examples.newSession(session.firstEventTime, Hashing.hash64(session.sessionId), first.deviceType,
                        first.channel, returning);
            }

            @Override
            public void label(int session, long end, boolean converted, ClickEvent settledBy) {
                examples.endSession(session, end, converted);
            }

            @Override
            public void row(int session, String eventId, long eventTime, float[] features, int offset, boolean last) {
                examples.addRow(session, eventTime, features, offset, last);
            }
        });
    }

    @Override
    public void applied(ClickEvent event, SessionState session, float[] features) {
        sessions.applied(event, session, features);
    }

    /** The replay finished a partition: no later event belongs to the users seen so far. */
    public void partitionDone() {
        sessions.usersDone();
    }

    @Override
    public void sessionClosed(SessionState session) {
        sessions.sessionClosed(session);
    }
}
