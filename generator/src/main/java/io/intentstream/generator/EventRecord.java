package io.intentstream.generator;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;

/** One generated event, held between being drawn from its session and being written (or delayed). */
final class EventRecord {
    long time;
    EventType type;
    Session session;
    int seq;
    long productId;
    int category;
    long priceCents;

    void copyFrom(EventRecord o) {
        time = o.time;
        type = o.type;
        session = o.session;
        seq = o.seq;
        productId = o.productId;
        category = o.category;
        priceCents = o.priceCents;
    }

    /** The event id as written in JSON lines. */
    String eventId() {
        ByteLine b = new ByteLine();
        LineRenderer.appendEventId(b, this);
        return b.toString();
    }

    /** The same event as the JSON parser would produce from the written line. */
    ClickEvent toClickEvent(Catalog catalog) {
        ClickEvent e = new ClickEvent();
        e.eventId = eventId();
        e.eventTime = time;
        e.eventType = type;
        e.sessionId = new String(session.sessionIdBytes, java.nio.charset.StandardCharsets.US_ASCII);
        e.userId = new String(session.userIdBytes, java.nio.charset.StandardCharsets.US_ASCII);
        e.productId = Long.toString(productId);
        e.categoryId = catalog.categoryId(category);
        e.categoryCode = catalog.categoryCode(category);
        int brand = catalog.brand(category, productId);
        e.brand = brand < 0 ? null : catalog.brandName(category, brand);
        e.price = priceCents / 100.0;
        e.deviceType = SessionFactory.DEVICES[session.device];
        e.channel = SessionFactory.CHANNELS[session.channel];
        return e;
    }
}
