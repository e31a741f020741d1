package io.intentstream.monitoring;

/** Event-time windows of a fixed size aligned to the epoch (a day's window starts at midnight UTC). */
public final class TumblingWindows {
    private TumblingWindows() {}

    public static long start(long time, long size) {
        return Math.floorDiv(time, size) * size;
    }
}
