package io.intentstream.job;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventIds;
import io.intentstream.events.EventType;
import io.intentstream.model.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Named instants, event factories and the sample bundle, so job tests read like scenarios. */
public final class JobTestSupport {
    public static final long START = Instant.parse("2019-10-01T10:00:00Z").toEpochMilli();
    public static final long PLUS_1S = START + 1_000;
    public static final long PLUS_2S = START + 2_000;
    public static final long PLUS_3S = START + 3_000;
    public static final long PLUS_1MIN = START + 60_000;
    public static final long PLUS_23H = START + 23 * 3_600_000L;
    public static final long PLUS_24H = START + 24 * 3_600_000L;
    public static final long PLUS_25H = START + 25 * 3_600_000L;
    public static final long PLUS_49H = START + 49 * 3_600_000L;

    /** The repository root: tests run with the module directory as working directory. */
    public static final Path REPO = Files.exists(Path.of("samples")) ? Path.of(".") : Path.of("..");
    public static final Path SAMPLE_EVENTS = REPO.resolve("samples/rees46_2019-10-01_0000-0250.csv.gz");
    public static final Path SAMPLE_BUNDLE = REPO.resolve("samples/model");

    private JobTestSupport() {}

    public static ModelBundle sampleBundle() {
        return ModelBundle.read(SAMPLE_BUNDLE);
    }

    public static ClickEvent event(EventType type, String user, String session, String product, double price, long at) {
        ClickEvent e = new ClickEvent();
        e.eventType = type;
        e.userId = user;
        e.sessionId = session;
        e.productId = product;
        e.categoryId = product == null ? null : "cat-" + product.charAt(0);
        e.brand = product == null ? null : "brand-" + product.charAt(0);
        e.price = price;
        e.eventTime = at;
        e.eventId = EventIds.derive(e);
        return e;
    }

    public static ClickEvent view(String user, String session, String product, double price, long at) {
        return event(EventType.VIEW, user, session, product, price, at);
    }

    public static ClickEvent cart(String user, String session, String product, double price, long at) {
        return event(EventType.CART, user, session, product, price, at);
    }

    public static ClickEvent purchase(String user, String session, String product, double price, long at) {
        return event(EventType.PURCHASE, user, session, product, price, at);
    }
}
