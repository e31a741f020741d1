package io.intentstream.trainer;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.Hashing;
import io.intentstream.events.RejectReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Step 1 of training from a backfill's output ({@code train --examples}, docs/backfill.md) instead of a replay: reads
 * the examples table with DuckDB, only the columns the model's feature schema needs, into an {@link ExampleSet} in the
 * order the trainer's own replay would have produced, since XGBoost's result depends on the order of its rows.
 *
 * <p>The replay (one in-memory partition, event-time order) opens a session in the example set at its first example
 * event, in {@code EventOrder}, and adds a session's rows at once when its label settles: at its first purchase, at the
 * later event of the same id that timed it out, or at the history's end, where the sessions left close by start, then
 * user and session id. The backfill writes each example's event type and the event that settled its session
 * ({@code settled_*}), from which both orders follow.
 */
final class ExampleFiles {
    private ExampleFiles() {}

    private static final String TYPE_RANK =
            "CASE %s WHEN 'view' THEN 0 WHEN 'cart' THEN 1 WHEN 'remove_from_cart' THEN 2 ELSE 3 END";

    /**
     * Reads the examples under a backfill's output directory into {@code examples}, and every row into {@code sample}
     * (the drift references are then drawn from examples rather than from every applied event).
     *
     * @param featureNames the names of the features the model reads, a prefix of the engine's
     */
    static ReplayStep.Replayed read(Path output, List<String> featureNames, ExampleSet examples, ReferenceSample sample)
            throws IOException {
        long start = System.nanoTime();
        String source = source(output);
        String sessions = "SELECT user_id, session_id, session_start, session_end, label, device_type, channel, returning_user,"
                + " row_number() OVER (ORDER BY event_time, " + String.format(TYPE_RANK, "event_type") + ", event_id) - 1 AS seq"
                + " FROM " + source + " WHERE row_index = 0";
        StringBuilder features = new StringBuilder();
        for (String name : featureNames) {
            features.append(", e.\"f_").append(name).append('"');
        }
        String rows = "SELECT s.seq, epoch_ms(e.event_time), e.last_of_session" + features + " FROM " + source + " e"
                + " JOIN (" + sessions + ") s USING (user_id, session_id, session_start)"
                + " ORDER BY e.settled_time IS NULL, e.settled_time, " + String.format(TYPE_RANK, "e.settled_type")
                + ", e.settled_event_id, e.session_start, e.user_id, e.session_id, e.row_index";
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT session_id, epoch_ms(session_start), epoch_ms(session_end), label,"
                    + " device_type, channel, returning_user, seq FROM (" + sessions + ") ORDER BY seq")) {
                while (rs.next()) {
                    int s = examples.newSession(rs.getLong(2), Hashing.hash64(rs.getString(1)), rs.getString(5),
                            rs.getString(6), rs.getBoolean(7));
                    if (s != rs.getLong(8)) {
                        throw new IllegalStateException("session " + rs.getString(1) + " out of order");
                    }
                    examples.endSession(s, rs.getLong(3), rs.getBoolean(4));
                }
            }
            float[] row = new float[featureNames.size()];
            ClickEvent at = new ClickEvent();
            try (ResultSet rs = st.executeQuery(rows)) {
                while (rs.next()) {
                    for (int i = 0; i < row.length; i++) {
                        float v = rs.getFloat(4 + i);
                        row[i] = rs.wasNull() ? Float.NaN : v;
                    }
                    long time = rs.getLong(2);
                    examples.addRow(rs.getInt(1), time, row, 0, rs.getBoolean(3));
                    at.eventTime = time;
                    sample.applied(at, null, row);
                    minTime = Math.min(minTime, time);
                    maxTime = Math.max(maxTime, time);
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the examples under " + output + ": " + e.getMessage(), e);
        }
        // What the backfill read and rejected is in its own counts, not in the examples: recorded as none here.
        return new ReplayStep.Replayed(ApplyOrder.EVENT_TIME, 0, 0, new EnumMap<>(RejectReason.class), 0,
                examples.rows() == 0 ? null : minTime, examples.rows() == 0 ? null : maxTime, (System.nanoTime() - start) / 1e9);
    }

    /** The examples table's committed files (Flink's in-progress parts start with a dot), as a DuckDB source. */
    private static String source(Path output) throws IOException {
        Path dir = output.resolve("examples");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no examples/ under " + output + ": give the --output directory of a backfill");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().collect(Collectors.toList());
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no committed Parquet files under " + dir);
        }
        return files.stream().map(f -> "'" + f.toAbsolutePath().toString().replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "read_parquet([", "], hive_partitioning = true)"));
    }
}
