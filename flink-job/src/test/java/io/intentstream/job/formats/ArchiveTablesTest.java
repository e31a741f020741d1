package io.intentstream.job.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.features.FeatureSchema;
import io.intentstream.job.records.ScoreRecord;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.local.LocalDataOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's scores table as written: every value back as written, and a dictionary only where values repeat. */
class ArchiveTablesTest {
    private static final int ROWS = 2_000;

    @TempDir
    Path tmp;

    private static ScoreRecord score(int i) {
        ScoreRecord r = new ScoreRecord();
        r.eventId = "event-" + i;
        r.sessionId = "session-" + i / 3;
        r.userId = "user-" + i / 7;
        r.eventType = i % 4 == 0 ? "cart" : "view";
        r.eventTime = 1_569_888_000_000L + i * 1_000L;
        r.scoredAt = r.eventTime + 5;
        r.modelVersion = "m-1";
        r.propensity = i / (float) ROWS;
        r.outOfOrder = i % 10 == 0;
        r.features = new float[FeatureSchema.SIZE];
        for (int f = 0; f < r.features.length; f++) {
            r.features[f] = f == 3 ? Float.NaN : i * 0.5f + f;
        }
        return r;
    }

    @Test
    void idsTimesAndFeaturesArePlainAndCategoriesUseADictionary() throws Exception {
        File file = tmp.resolve("scores.parquet").toFile();
        BulkWriter<ScoreRecord> writer = ArchiveTables.scores().writerFactory().create(new LocalDataOutputStream(file));
        for (int i = 0; i < ROWS; i++) {
            writer.addElement(score(i));
        }
        writer.finish();

        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            Map<String, String> encodings = new HashMap<>();
            try (ResultSet r = st.executeQuery("SELECT path_in_schema, string_agg(encodings, ',') FROM parquet_metadata('"
                    + file + "') GROUP BY path_in_schema")) {
                while (r.next()) {
                    encodings.put(r.getString(1), r.getString(2));
                }
            }
            assertThat(encodings).hasSize(10 + FeatureSchema.SIZE);
            for (String plain : new String[] {"event_id", "session_id", "user_id", "event_time", "propensity", "f_price"}) {
                assertThat(encodings.get(plain)).as("encodings of %s", plain).doesNotContain("DICTIONARY");
            }
            assertThat(encodings.get("event_type")).contains("DICTIONARY");
            assertThat(encodings.get("model_version")).contains("DICTIONARY");

            try (ResultSet r = st.executeQuery("SELECT count(*), count(DISTINCT event_id), sum(CASE WHEN out_of_order THEN 1 ELSE 0 END),"
                    + " count(f_" + FeatureSchema.names().get(3) + "), max(f_event_count), max(propensity)"
                    + " FROM read_parquet('" + file + "')")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(ROWS);
                assertThat(r.getLong(2)).isEqualTo(ROWS);
                assertThat(r.getLong(3)).isEqualTo(ROWS / 10);
                assertThat(r.getLong(4)).as("NaN is stored as null").isZero();
                assertThat(r.getDouble(5)).isEqualTo(score(ROWS - 1).features[FeatureSchema.EVENT_COUNT]);
                assertThat(r.getFloat(6)).isEqualTo(score(ROWS - 1).propensity);
            }
        }
    }

    @Test
    void explainedScoresKeepTheirReasonsInColumnPairsAndOthersLeaveThemNull() throws Exception {
        File file = tmp.resolve("explained.parquet").toFile();
        BulkWriter<ScoreRecord> writer = ArchiveTables.scores(2).writerFactory().create(new LocalDataOutputStream(file));
        ScoreRecord explained = score(1);
        explained.reasonFeatures = new String[] {"cart_count", "price"};
        explained.reasonContributions = new float[] {0.75f, -0.25f};
        writer.addElement(explained);
        writer.addElement(score(2));
        writer.finish();

        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet r = st.executeQuery("SELECT reason_1, reason_1_contribution, reason_2, reason_2_contribution"
                        + " FROM read_parquet('" + file + "') ORDER BY event_id")) {
            r.next();
            assertThat(r.getString(1)).isEqualTo("cart_count");
            assertThat(r.getFloat(2)).isEqualTo(0.75f);
            assertThat(r.getString(3)).isEqualTo("price");
            assertThat(r.getFloat(4)).isEqualTo(-0.25f);
            r.next();
            assertThat(r.getString(1)).as("an event not explained").isNull();
            r.getFloat(2);
            assertThat(r.wasNull()).isTrue();
        }
    }
}
