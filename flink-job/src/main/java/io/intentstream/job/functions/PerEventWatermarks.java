package io.intentstream.job.functions;

import io.intentstream.events.ClickEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks emitted after every event instead of periodically. Which events
 * are late then depends only on the input order, not on when a periodic timer happened to fire; used
 * where lateness must be reproducible (tests, replays), at the cost of one watermark per event.
 */
public final class PerEventWatermarks implements WatermarkGenerator<ClickEvent> {
    private final long bound;
    private long maxTimestamp;
    private long lastEmitted = Long.MIN_VALUE;

    public PerEventWatermarks(Duration bound) {
        this.bound = bound.toMillis();
        this.maxTimestamp = Long.MIN_VALUE + this.bound + 1;
    }

    @Override
    public void onEvent(ClickEvent event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        long watermark = maxTimestamp - bound - 1;
        if (watermark > lastEmitted) {
            lastEmitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
}
