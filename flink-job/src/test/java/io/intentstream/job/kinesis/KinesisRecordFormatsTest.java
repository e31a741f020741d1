package io.intentstream.job.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.job.connectors.kinesis.KinesisRawRecords;
import io.intentstream.job.formats.SessionOutcomeJson;
import io.intentstream.job.records.RawRecord;
import io.intentstream.job.records.SessionOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.SdkBytes;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** What goes into and out of Kinesis: raw records with their origin, and session outcomes as JSON. */
class KinesisRecordFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aKinesisRecordBecomesARawRecordWithStreamShardAndSequenceNumber() throws Exception {
        Record record = Record.builder()
                .data(SdkBytes.fromString("{\"event_type\":\"view\"}", StandardCharsets.UTF_8))
                .partitionKey("user-1")
                .sequenceNumber("49590338271490256608559692538361571095921575989136588898")
                .approximateArrivalTimestamp(Instant.parse("2026-11-25T08:00:00Z"))
                .build();
        List<RawRecord> out = new ArrayList<>();
        new KinesisRawRecords().deserialize(record, "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks",
                "shardId-000000000003", new Collector<>() {
                    @Override
                    public void collect(RawRecord r) {
                        out.add(r);
                    }

                    @Override
                    public void close() {}
                });
        assertThat(out).hasSize(1);
        assertThat(out.get(0).bytes).asString(StandardCharsets.UTF_8).isEqualTo("{\"event_type\":\"view\"}");
        assertThat(out.get(0).text).isNull();
        assertThat(out.get(0).origin)
                .isEqualTo("kinesis:clicks/shardId-000000000003/49590338271490256608559692538361571095921575989136588898");
    }

    @Test
    void aConvertedSessionOutcomeInSnakeCaseWithUtcTimes() throws Exception {
        SessionOutcome o = outcome();
        o.converted = true;
        o.firstPurchaseTime = Instant.parse("2019-10-01T00:10:00Z").toEpochMilli();
        o.lastPropensityBeforeConversion = 0.25f;
        JsonNode json = JSON.readTree(SessionOutcomeJson.toJson(o));
        assertThat(json.fieldNames()).toIterable().containsExactly("session_id", "user_id", "first_event_time",
                "last_event_time", "event_count", "converted", "first_purchase_time", "last_propensity_before_conversion",
                "model_version", "arm", "judged_bot");
        assertThat(json.get("session_id").asText()).isEqualTo("s-\"1\"");
        assertThat(json.get("user_id").asText()).isEqualTo("u1");
        assertThat(json.get("first_event_time").asText()).isEqualTo("2019-10-01T00:00:00Z");
        assertThat(json.get("last_event_time").asText()).isEqualTo("2019-10-01T00:20:00.500Z");
        assertThat(json.get("event_count").asInt()).isEqualTo(7);
        assertThat(json.get("converted").asBoolean()).isTrue();
        assertThat(json.get("first_purchase_time").asText()).isEqualTo("2019-10-01T00:10:00Z");
        assertThat(json.get("last_propensity_before_conversion").asDouble()).isEqualTo(0.25);
        assertThat(json.get("model_version").asText()).isEqualTo("m-1");
    }

    @Test
    void aSessionWithoutPurchaseOrScoreHasNullsNotNaN() throws Exception {
        SessionOutcome o = outcome();
        JsonNode json = JSON.readTree(SessionOutcomeJson.toJson(o));
        assertThat(json.get("converted").asBoolean()).isFalse();
        assertThat(json.get("first_purchase_time").isNull()).isTrue();
        assertThat(json.get("last_propensity_before_conversion").isNull()).isTrue();
    }

    private static SessionOutcome outcome() {
        SessionOutcome o = new SessionOutcome();
        o.sessionId = "s-\"1\"";
        o.userId = "u1";
        o.firstEventTime = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();
        o.lastEventTime = Instant.parse("2019-10-01T00:20:00.500Z").toEpochMilli();
        o.eventCount = 7;
        o.modelVersion = "m-1";
        return o;
    }
}
