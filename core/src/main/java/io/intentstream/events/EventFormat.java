package io.intentstream.events;

import java.util.Locale;

/** The input layouts the job and the trainer read (docs/events.md). */
public enum EventFormat {
    /** One JSON object per line, our contract. */
    JSON("json"),
    /** The REES46 "eCommerce behavior data" CSV layout. */
    REES46_CSV("rees46"),
    /** The Retailrocket {@code events.csv} layout, sessionised on read. */
    RETAILROCKET_CSV("retailrocket");

    private final String optionName;

    EventFormat(String optionName) {
        this.optionName = optionName;
    }

    public String optionName() {
        return optionName;
    }

    public static EventFormat fromOptionName(String name) {
        for (EventFormat f : values()) {
            if (f.optionName.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown input format '" + name + "': expected json, rees46 or retailrocket");
    }

    /** Whether each line can be parsed on its own (Retailrocket needs the whole file to cut sessions). */
    public boolean isLineLocal() {
        return this != RETAILROCKET_CSV;
    }

    /** A parser for line-local formats. */
    public LineParser lineParser(ValidationRules rules) {
        switch (this) {
            case JSON: {
                JsonEventParser json = new JsonEventParser(rules);
                return json::parse;
            }
            case REES46_CSV:
                return new LineParser() {
                    private static final long serialVersionUID = 1L;
                    private final Rees46CsvParser csv = new Rees46CsvParser(rules);

                    @Override
                    public ParseResult parse(String line, long nowMillis) {
                        return csv.parse(line, nowMillis);
                    }

                    @Override
                    public boolean isHeader(String line) {
                        return Rees46CsvParser.isHeader(line);
                    }
                };
            default:
                throw new IllegalArgumentException(
                        "the retailrocket layout needs whole-file sessionisation; convert it to JSON lines first"
                                + " (see docs/events.md)");
        }
    }
}
