package io.intentstream.job.cluster;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A larger REES46 input made of copies of the sample: copy {@code k} renames every user and session to
 * {@code c<k>-<id>}, so copies share no user, session or event id and each copy's sessions and features
 * are those of the sample.
 *
 * <p>Each file holds its copies interleaved line by line, so it stays in event-time order: a file source
 * reader that moved from one file to the next would otherwise jump back in time and make events late.
 * Write one file per source reader.
 */
public final class SampleCopies {
    private SampleCopies() {}

    /** Writes {@code files} CSV files of {@code copiesPerFile} copies each into {@code dir}. */
    public static List<Path> write(Path sampleGz, Path dir, int files, int copiesPerFile) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(sampleGz)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        String header = lines.get(0);
        List<Path> written = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            Path file = dir.resolve("events-" + f + ".csv");
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(header);
                out.newLine();
                for (String line : lines.subList(1, lines.size())) {
                    for (int c = 0; c < copiesPerFile; c++) {
                        out.write(renamed(line, "c" + (f * copiesPerFile + c) + "-"));
                        out.newLine();
                    }
                }
            }
            written.add(file);
        }
        return written;
    }

    /** The line with its last two columns, user_id and user_session, prefixed. */
    static String renamed(String line, String prefix) {
        int sessionComma = line.lastIndexOf(',');
        int userComma = line.lastIndexOf(',', sessionComma - 1);
        if (userComma < 0) {
            throw new IllegalArgumentException("not a REES46 row: " + line);
        }
        return line.substring(0, userComma + 1) + prefix + line.substring(userComma + 1, sessionComma + 1)
                + prefix + line.substring(sessionComma + 1);
    }
}
