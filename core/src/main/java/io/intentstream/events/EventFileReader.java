package io.intentstream.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reads event files (plain or {@code .gz}, a file or a directory of files) in any {@link EventFormat}. */
public final class EventFileReader {
    private EventFileReader() {}

    /** Receives every record of a file, valid or not, in file order (Retailrocket: see {@link RetailrocketReader#sessionise}). */
    @FunctionalInterface
    public interface Visitor {
        void accept(Path file, long lineNumber, String raw, ParseResult result) throws IOException;
    }

    public static void read(Path path, EventFormat format, ValidationRules rules, Visitor visitor) throws IOException {
        for (Path file : listFiles(path)) {
            if (format.isLineLocal()) {
                readLineLocal(file, format.lineParser(rules), visitor);
            } else {
                readRetailrocket(file, rules, visitor);
            }
        }
    }

    /** The files under a path in name order; hidden files and Flink's in-progress files are skipped. */
    public static List<Path> listFiles(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> s = Files.walk(path)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("_"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    public static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static void readLineLocal(Path file, LineParser parser, Visitor visitor) throws IOException {
        try (BufferedReader r = open(file)) {
            String line;
            long lineNumber = 0;
            while ((line = r.readLine()) != null) {
                lineNumber++;
                if (line.isEmpty() || (lineNumber == 1 && parser.isHeader(line))) {
                    continue;
                }
                visitor.accept(file, lineNumber, line, parser.parse(line, System.currentTimeMillis()));
            }
        }
    }

    private static void readRetailrocket(Path file, ValidationRules rules, Visitor visitor) throws IOException {
        RetailrocketReader reader = new RetailrocketReader(rules, RetailrocketReader.DEFAULT_SESSION_GAP_MILLIS);
        List<RetailrocketReader.Row> rows = new ArrayList<>();
        try (BufferedReader r = open(file)) {
            String line;
            long lineNumber = 0;
            while ((line = r.readLine()) != null) {
                lineNumber++;
                if (line.isEmpty() || (lineNumber == 1 && RetailrocketReader.isHeader(line))) {
                    continue;
                }
                rows.add(new RetailrocketReader.Row(lineNumber, line, reader.parseLine(line)));
            }
        }
        for (RetailrocketReader.Row row : reader.sessionise(rows)) {
            visitor.accept(file, row.lineNumber, row.raw, row.result);
        }
    }
}
