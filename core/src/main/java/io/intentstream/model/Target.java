package io.intentstream.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a bundle predicts, and the XGBoost objective that predicts it: the session's purchase (every event, the
 * default and the only target of bundles written before targets existed) or one of the user-level targets scored
 * at each purchase event (docs/training.md, "User-level targets").
 */
public enum Target {
    /** The session goes on to purchase; a probability. */
    SESSION_PURCHASE("session-purchase", "binary:logistic"),
    /** The user purchases again, in a later session, within the bundle's horizon; a probability. */
    REPEAT_PURCHASE("repeat-purchase", "binary:logistic"),
    /** Days until the user's next purchase in a later session; an AFT survival model's expected time. */
    NEXT_PURCHASE_DAYS("next-purchase-days", "survival:aft");

    private final String optionName;
    private final String objective;

    Target(String optionName, String objective) {
        this.optionName = optionName;
        this.objective = objective;
    }

    /** The name on the command line and in bundle.json, e.g. {@code repeat-purchase}. */
    public String optionName() {
        return optionName;
    }

    /** The XGBoost objective a bundle of this target is trained with. */
    public String objective() {
        return objective;
    }

    /** Scored at purchase events from the user's state rather than at every event for the session. */
    public boolean userLevel() {
        return this != SESSION_PURCHASE;
    }

    /** The target a bundle.json names; {@code null} (older bundles) is the session's purchase. */
    public static Target ofBundle(String name) {
        return name == null ? SESSION_PURCHASE : parse(name);
    }

    /** Parses an option name; an unknown one gets a message listing the known ones. */
    public static Target parse(String name) {
        for (Target t : values()) {
            if (t.optionName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown target " + name + ": expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Target::optionName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return optionName;
    }
}
