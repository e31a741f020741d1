package io.intentstream.job.formats;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Hive-style partitions {@code event_date=YYYY-MM-DD/event_hour=HH} (UTC) by a time taken from the
 * record, so Spark, DuckDB and Athena prune by date and hour without extra configuration.
 */
public final class EventHourBuckets<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;

    private static final long HOUR_MILLIS = 3_600_000L;

    private final ParquetColumns.LongGetter<T> time;
    /**
     * The last record's hour and its bucket id: records come in hour order nearly always, and formatting the id
     * for each one was about 5% of the scores archive's thread (profiled in docs/BENCHMARKS.md).
     */
    private transient LastHour last;

    private record LastHour(long hour, String bucket) {}

    public EventHourBuckets(ParquetColumns.LongGetter<T> time) {
        this.time = time;
    }

    @Override
    public String getBucketId(T element, Context context) {
        long hour = Math.floorDiv(time.get(element), HOUR_MILLIS);
        LastHour cached = last;
        if (cached == null || cached.hour != hour) {
            cached = new LastHour(hour, bucketFor(hour * HOUR_MILLIS));
            last = cached;
        }
        return cached.bucket;
    }

    static String bucketFor(long epochMillis) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(32).append("event_date=").append(t.toLocalDate()).append("/event_hour=");
        if (t.getHour() < 10) {
            sb.append('0');
        }
        return sb.append(t.getHour()).toString();
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
