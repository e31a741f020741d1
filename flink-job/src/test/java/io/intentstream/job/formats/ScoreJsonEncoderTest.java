package io.intentstream.job.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ScoreRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreJsonEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ScoreRecord score() {
        ScoreRecord r = new ScoreRecord();
        r.eventId = "e\"1";
        r.sessionId = "s1";
        r.userId = "u1";
        r.eventTime = 1_569_888_000_000L;
        r.scoredAt = 1_569_888_000_005L;
        r.modelVersion = "m-1";
        r.arm = "champion";
        r.propensity = 0.125f;
        return r;
    }

    @Test
    void aScoreIsOneJsonObjectWithoutReasonsUnlessExplained() throws Exception {
        JsonNode plain = JSON.readTree(ScoreJsonEncoder.toJson(score()));
        assertThat(plain.path("event_id").asText()).isEqualTo("e\"1");
        assertThat(plain.path("event_time").asText()).isEqualTo("2019-10-01T00:00:00Z");
        assertThat(plain.path("propensity").floatValue()).isEqualTo(0.125f);
        assertThat(plain.has("reasons")).isFalse();

        ScoreRecord explained = score();
        explained.reasonFeatures = new String[] {"cart_count", "price"};
        explained.reasonContributions = new float[] {0.75f, -0.25f};
        JsonNode reasons = JSON.readTree(ScoreJsonEncoder.toJson(explained)).path("reasons");
        assertThat(reasons.size()).isEqualTo(2);
        assertThat(reasons.get(0).path("feature").asText()).isEqualTo("cart_count");
        assertThat(reasons.get(0).path("contribution").floatValue()).isEqualTo(0.75f);
        assertThat(reasons.get(1).path("feature").asText()).isEqualTo("price");
        assertThat(reasons.get(1).path("contribution").floatValue()).isEqualTo(-0.25f);
    }

    /** The file sink's part-file stream is unbuffered: each write call is a system call, so a line is one call. */
    @Test
    void theFileSinkEncodersWriteEachLineInOneCall() throws Exception {
        WriteCalls score = new WriteCalls();
        new ScoreJsonEncoder().encode(score(), score);
        assertThat(score.calls).containsExactly(ScoreJsonEncoder.toJson(score()) + "\n");

        DeadLetter letter = new DeadLetter();
        letter.reason = "MALFORMED";
        letter.detail = "not JSON";
        letter.origin = "events-0";
        letter.rejectedAt = 1_569_888_000_000L;
        letter.raw = "{oops";
        WriteCalls dead = new WriteCalls();
        new DeadLetterJsonEncoder().encode(letter, dead);
        assertThat(dead.calls).containsExactly(DeadLetterJsonEncoder.toJson(letter) + "\n");
    }

    /** Records each write call's bytes as text. */
    private static final class WriteCalls extends ByteArrayOutputStream {
        final List<String> calls = new ArrayList<>();

        @Override
        public void write(int b) {
            calls.add(String.valueOf((char) b));
        }

        @Override
        public void write(byte[] b, int off, int len) {
            calls.add(new String(b, off, len, StandardCharsets.UTF_8));
        }
    }
}
