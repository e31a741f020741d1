package io.intentstream.trainer;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import io.intentstream.testing.Events;
import io.intentstream.testing.Instants;
import io.intentstream.testing.SampleData;
import java.nio.file.Path;
import java.time.Instant;

/** Trainer-test shorthands over the shared fixtures. */
final class TrainerTestSupport {
    static final long START = Instants.millis(Instants.START);
    static final long MINUTE = 60_000L;

    static final Path SAMPLE_EVENTS = SampleData.rees46();

    private TrainerTestSupport() {}

    static ClickEvent event(EventType type, String user, String session, long at) {
        return Events.event(type, Instant.ofEpochMilli(at)).user(user).session(session).product("p-" + at % 7).price(10.0).build();
    }

    static ClickEvent view(String user, String session, long at) {
        return event(EventType.VIEW, user, session, at);
    }

    static ClickEvent cart(String user, String session, long at) {
        return event(EventType.CART, user, session, at);
    }

    static ClickEvent purchase(String user, String session, long at) {
        return event(EventType.PURCHASE, user, session, at);
    }
}
