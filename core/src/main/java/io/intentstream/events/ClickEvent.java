package io.intentstream.events;

import java.util.Objects;

/**
 * One validated clickstream event, as defined in docs/events.md.
 *
 * <p>A plain Java class that is also a valid Flink POJO (public fields, public no-arg constructor),
 * so the job ships it between operators and keeps it in state without Kryo. Optional numeric
 * fields use {@code NaN} rather than boxing, optional strings use {@code null}.
 */
public class ClickEvent {
    public String eventId;
    /** Event time in epoch milliseconds, UTC. */
    public long eventTime;
    public EventType eventType;
    public String sessionId;
    public String userId;
    public String productId;
    /** Kept as text: REES46 category ids are 19-digit numbers that do not survive a double. */
    public String categoryId;
    public String categoryCode;
    public String brand;
    /** Price in the shop's currency, {@code NaN} when absent. */
    public double price = Double.NaN;
    public String deviceType;
    public String channel;
    /**
     * Where the record came from (file and line, topic/partition/offset, shard/sequence), for dead letters;
     * not part of the event's identity.
     */
    public String origin;
    /**
     * Wall-clock time the job parsed the record, epoch ms (0: unknown), for its latency metric; not part of the
     * event's identity, and never written out.
     */
    public long arrivedAt;

    public ClickEvent() {}

    public boolean hasPrice() {
        return !Double.isNaN(price);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ClickEvent)) {
            return false;
        }
        ClickEvent that = (ClickEvent) o;
        return eventTime == that.eventTime
                && Double.compare(price, that.price) == 0
                && Objects.equals(eventId, that.eventId)
                && eventType == that.eventType
                && Objects.equals(sessionId, that.sessionId)
                && Objects.equals(userId, that.userId)
                && Objects.equals(productId, that.productId)
                && Objects.equals(categoryId, that.categoryId)
                && Objects.equals(categoryCode, that.categoryCode)
                && Objects.equals(brand, that.brand)
                && Objects.equals(deviceType, that.deviceType)
                && Objects.equals(channel, that.channel);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, eventTime, eventType, sessionId, userId, productId);
    }

    @Override
    public String toString() {
        return "ClickEvent{" + eventId + ", " + eventTime + ", " + eventType + ", session=" + sessionId
                + ", user=" + userId + ", product=" + productId + ", price=" + price + '}';
    }
}
