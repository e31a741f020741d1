package io.intentstream.events;

/** The clickstream event types of the event contract (docs/events.md). */
public enum EventType {
    VIEW("view"),
    CART("cart"),
    REMOVE_FROM_CART("remove_from_cart"),
    PURCHASE("purchase");

    private static final EventType[] VALUES = values();

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in JSON and CSV input and in outputs. */
    public String wireName() {
        return wireName;
    }

    /** Returns the type for an exact wire name, or {@code null} when the name is not one of ours. */
    public static EventType fromWireName(String name) {
        if (name == null) {
            return null;
        }
        for (EventType type : VALUES) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
