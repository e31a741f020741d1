package io.intentstream.trainer;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventIds;
import io.intentstream.events.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Named instants, event factories and the sample file for trainer tests. */
final class TrainerTestSupport {
    static final long START = Instant.parse("2019-10-01T10:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;

    static final Path REPO = Files.exists(Path.of("samples")) ? Path.of(".") : Path.of("..");
    static final Path SAMPLE_EVENTS = REPO.resolve("samples/rees46_2019-10-01_0000-0250.csv.gz");

    private TrainerTestSupport() {}

    static ClickEvent event(EventType type, String user, String session, String product, long at) {
        ClickEvent e = new ClickEvent();
        e.eventType = type;
        e.userId = user;
        e.sessionId = session;
        e.productId = product;
        e.price = 10.0;
        e.eventTime = at;
        e.eventId = EventIds.derive(e);
        return e;
    }

    static ClickEvent view(String user, String session, long at) {
        return event(EventType.VIEW, user, session, "p-" + at % 7, at);
    }

    static ClickEvent cart(String user, String session, long at) {
        return event(EventType.CART, user, session, "p-" + at % 7, at);
    }

    static ClickEvent purchase(String user, String session, long at) {
        return event(EventType.PURCHASE, user, session, "p-" + at % 7, at);
    }
}
