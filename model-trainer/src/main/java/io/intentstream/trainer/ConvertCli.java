package io.intentstream.trainer;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.events.EventFileReader;
import io.intentstream.events.EventFormat;
import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.RejectReason;
import io.intentstream.events.ValidationRules;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Converts an event file from any supported layout to JSON lines in our contract
 * ({@code bin/intentstream convert}); the way Retailrocket histories reach the streaming job.
 */
public final class ConvertCli {
    static final Option<String> INPUT = Option.string("input", null, "event file or directory to convert");
    static final Option<String> FORMAT = Option.string("format", "retailrocket", "input layout: json, rees46 or retailrocket");
    static final Option<String> OUTPUT = Option.string("output", null, "JSON lines file to write (.gz compresses)");

    private ConvertCli() {}

    public static void main(String[] args) throws Exception {
        Options options = new Options("bin/intentstream convert",
                "Converts event files to JSON lines in the event contract (docs/events.md); rejected lines are counted by reason.")
                .add(INPUT).add(FORMAT).add(OUTPUT);
        Options.Values v = options.parseOrExit(args);
        if (v == null) {
            return;
        }
        if (v.get(INPUT) == null || v.get(OUTPUT) == null) {
            System.err.println("error: --input and --output are required (see --help)");
            System.exit(2);
        }
        Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
        long[] written = {0};
        Path out = Path.of(v.get(OUTPUT));
        var stream = Files.newOutputStream(out);
        try (Writer w = new BufferedWriter(new OutputStreamWriter(
                out.toString().endsWith(".gz") ? new GZIPOutputStream(stream) : stream, StandardCharsets.UTF_8), 1 << 16)) {
            StringBuilder line = new StringBuilder(256);
            EventFileReader.read(Path.of(v.get(INPUT)), EventFormat.fromOptionName(v.get(FORMAT)), ValidationRules.defaults(),
                    (file, number, raw, result) -> {
                        if (result.isValid()) {
                            line.setLength(0);
                            JsonEventWriter.write(result.event(), line);
                            w.append(line).append('\n');
                            written[0]++;
                        } else {
                            rejected.merge(result.reason(), 1L, Long::sum);
                        }
                    });
        }
        System.out.printf("wrote %d events to %s; rejected %s%n", written[0], out, rejected);
    }
}
