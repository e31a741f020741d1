package io.intentstream.generator;

import java.util.Locale;

/** The line layouts the generator writes. */
public enum OutputFormat {
    /** One JSON object per line: our event contract (docs/events.md). */
    JSON("json", ".jsonl"),
    /** The REES46 CSV layout with its header; carries no event id, device or channel. */
    REES46("rees46", ".csv");

    private final String optionName;
    private final String extension;

    OutputFormat(String optionName, String extension) {
        this.optionName = optionName;
        this.extension = extension;
    }

    public String optionName() {
        return optionName;
    }

    /** The file name extension used for rolled files. */
    public String extension() {
        return extension;
    }

    public static OutputFormat fromOptionName(String name) {
        for (OutputFormat f : values()) {
            if (f.optionName.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown output format '" + name + "': expected json or rees46");
    }
}
