package io.intentstream.job.records;

import java.nio.charset.StandardCharsets;

/**
 * One input record before parsing: the payload as read (text from files, bytes from Kafka or Kinesis)
 * and where it came from, so a rejected record can be traced back to its source.
 */
public class RawRecord {
    /** Text payload (file lines); {@code null} when the payload is bytes. */
    public String text;
    /** Byte payload (Kafka, Kinesis); {@code null} when the payload is text. */
    public byte[] bytes;
    /** e.g. {@code file:/data/events.jsonl:12}, {@code kafka:clicks/3/1042}. */
    public String origin;

    public RawRecord() {}

    public static RawRecord ofText(String text, String origin) {
        RawRecord r = new RawRecord();
        r.text = text;
        r.origin = origin;
        return r;
    }

    public static RawRecord ofBytes(byte[] bytes, String origin) {
        RawRecord r = new RawRecord();
        r.bytes = bytes;
        r.origin = origin;
        return r;
    }

    /** The payload as text, for dead letters. */
    public String payloadAsText() {
        if (text != null) {
            return text;
        }
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
