package io.intentstream.generator;

/** What a written line is, from the ground truth's point of view. */
public enum LineKind {
    /** An event written at its place in event-time order. */
    EVENT("event"),
    /** An exact repeat of the line just before it. */
    DUPLICATE("duplicate"),
    /** An event held back by at most the disorder bound. */
    OUT_OF_ORDER("out_of_order"),
    /** An event held back by more than the disorder bound. */
    LATE("late"),
    /** A broken line that the parser must reject. */
    MALFORMED("malformed");

    private final String code;

    LineKind(String code) {
        this.code = code;
    }

    /** The name used in the ground-truth file. */
    public String code() {
        return code;
    }

    public static LineKind fromCode(String code) {
        for (LineKind k : values()) {
            if (k.code.equals(code)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown line kind: " + code);
    }
}
