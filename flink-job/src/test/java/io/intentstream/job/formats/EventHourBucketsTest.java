package io.intentstream.job.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The archive's partitions: each record's own UTC hour, whatever order the records come in. */
class EventHourBucketsTest {
    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("'event_date='yyyy-MM-dd'/event_hour='HH").withZone(ZoneOffset.UTC);

    private final EventHourBuckets<Long> buckets = new EventHourBuckets<>(t -> t);

    private String bucket(String instant) {
        return buckets.getBucketId(Instant.parse(instant).toEpochMilli(), null);
    }

    @Test
    void eachRecordGetsItsOwnHourInOrderOrNot() {
        String[] times = {"2019-10-01T02:59:59.999Z", "2019-10-01T03:00:00Z", "2019-10-01T03:30:00Z",
            "2019-10-01T02:10:00Z", "2019-09-30T23:59:59.999Z", "2019-10-01T00:00:00Z", "1969-12-31T23:30:00Z",
            "2019-10-01T03:00:00.001Z"};
        for (String t : times) {
            assertThat(bucket(t)).as(t).isEqualTo(PARTITION.format(Instant.parse(t)));
        }
        assertThat(bucket("2019-10-01T09:00:00Z")).isEqualTo("event_date=2019-10-01/event_hour=09");
    }
}
