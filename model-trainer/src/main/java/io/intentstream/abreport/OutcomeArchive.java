package io.intentstream.abreport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the job's Parquet archive (docs/outputs.md) with DuckDB: the committed files of a table, never the hidden
 * in-progress ones, filtered to a half-open time window. The only class of the report that knows SQL or Parquet.
 */
final class OutcomeArchive {
    static final String OUTCOMES = "session_outcomes";
    static final String SCORES = "scores";

    private final Path root;

    OutcomeArchive(Path root) {
        this.root = root;
    }

    /**
     * Streams one row per session whose {@code first_event_time} lies in [from, to) (either end may be null: open).
     * Duplicate rows of a session (a replay into the same archive) are reduced to the one that closed last.
     */
    void sessions(Instant from, Instant to, Consumer<SessionRow> rows) throws IOException {
        List<Path> files = committedFiles(OUTCOMES);
        if (files.isEmpty()) {
            throw new IOException("no committed Parquet files under " + root.resolve(OUTCOMES)
                    + " (is --archive the job's archive root, and has a checkpoint committed them?)");
        }
        // A session is (user, session id, start): input session ids need not be unique across users (REES46 reuses
        // some), while a replayed copy repeats all three.
        String session = "PARTITION BY user_id, session_id, first_event_time";
        String sql = "SELECT user_id, arm, converted, last_propensity_before_conversion, model_version, judged_bot,"
                + " count(*) OVER (" + session + ") AS copies,"
                + " min(arm) OVER (PARTITION BY user_id) IS DISTINCT FROM max(arm) OVER (PARTITION BY user_id) AS several_arms"
                + " FROM " + source(files) + window("first_event_time", from, to)
                + " QUALIFY row_number() OVER (" + session + " ORDER BY last_event_time DESC, event_count DESC) = 1";
        query(sql, from, to, rs -> {
            float p = rs.getFloat(4);
            rows.accept(new SessionRow(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.wasNull() ? Float.NaN : p,
                    rs.getString(5), rs.getBoolean(6), rs.getInt(7), rs.getBoolean(8)));
        });
    }

    /** Scored events per arm and model version with {@code event_time} in [from, to); empty without a scores table. */
    Map<String, Map<String, Long>> scoredEvents(Instant from, Instant to) throws IOException {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        List<Path> files = committedFiles(SCORES);
        if (files.isEmpty()) {
            return counts;
        }
        String sql = "SELECT coalesce(arm, ''), coalesce(model_version, ''), count(*) FROM " + source(files)
                + window("event_time", from, to) + " GROUP BY ALL";
        query(sql, from, to,
                rs -> counts.computeIfAbsent(rs.getString(1), a -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3)));
        return counts;
    }

    /**
     * The table's committed files: {@code *.parquet}, skipping hidden names (Flink's in-progress and pending parts start
     * with a dot; {@code _}-names are Hadoop's markers and temporary directories).
     */
    List<Path> committedFiles(String table) throws IOException {
        Path dir = root.resolve(table);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !isHidden(dir.relativize(p)))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".") || part.toString().startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /** union_by_name: files from before a column was added read it as null instead of failing the query. */
    private static String source(List<Path> files) {
        return files.stream().map(f -> "'" + f.toAbsolutePath().toString().replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "read_parquet([", "], union_by_name = true)"));
    }

    private static String window(String column, Instant from, Instant to) {
        List<String> conditions = new ArrayList<>();
        if (from != null) {
            conditions.add("epoch_ms(" + column + ") >= ?");
        }
        if (to != null) {
            conditions.add("epoch_ms(" + column + ") < ?");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Instant from, Instant to, RowHandler handler) throws IOException {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); PreparedStatement st = db.prepareStatement(sql)) {
            int i = 1;
            if (from != null) {
                st.setLong(i++, from.toEpochMilli());
            }
            if (to != null) {
                st.setLong(i, to.toEpochMilli());
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    handler.handle(rs);
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the archive under " + root + ": " + e.getMessage(), e);
        }
    }
}
