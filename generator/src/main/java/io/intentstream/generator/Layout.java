package io.intentstream.generator;

/** How lines are written: JSON lines or the REES46 CSV layout, and how JSON writes event times. */
public record Layout(OutputFormat format, TimeFormat timeFormat) {

    public Layout {
        Check.that(format != null && timeFormat != null, "format and time-format must be set");
    }
}
