package io.intentstream.events;

import static io.intentstream.events.ParseResultInvariants.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.From;
import net.jqwik.api.constraints.Size;

/** The CSV readers never throw on any line or file content, and whatever they accept satisfies the validation rules. */
class CsvParsersPropertiesTest {
    private static final long NOW = Instant.parse("2019-10-01T12:00:00Z").toEpochMilli();
    private static final String REAL_LINE =
            "2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c";

    private final Rees46CsvParser rees46 = new Rees46CsvParser(ValidationRules.defaults());
    private final RetailrocketReader retailrocket =
            new RetailrocketReader(ValidationRules.defaults(), RetailrocketReader.DEFAULT_SESSION_GAP_MILLIS);

    @Property(tries = 3_000)
    void rees46OnArbitraryStrings(@ForAll String line) {
        assertWellFormed(rees46.parse(line, NOW));
    }

    @Property(tries = 5_000)
    void rees46OnCsvShapedStrings(@ForAll("csvish") String line) {
        assertWellFormed(rees46.parse(line, NOW));
    }

    @Property(tries = 5_000)
    void rees46OnARealLineWithCharactersChanged(@ForAll("mutatedRealLine") String line) {
        assertWellFormed(rees46.parse(line, NOW));
    }

    @Property(tries = 3_000)
    void retailrocketLinesAndSessionsOnArbitraryInput(@ForAll @Size(max = 30) List<@From("retailrocketish") String> lines) {
        List<RetailrocketReader.Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            rows.add(new RetailrocketReader.Row(i + 1, lines.get(i), retailrocket.parseLine(lines.get(i))));
        }

        List<RetailrocketReader.Row> out = retailrocket.sessionise(rows);

        assertThat(out).hasSameSizeAs(rows);
        for (RetailrocketReader.Row r : out) {
            // Sessionising fills in the session and event ids, so a valid row satisfies every rule only now.
            assertWellFormed(r.result);
        }
    }

    @Property(tries = 300)
    void readingAFileOfArbitraryBytesNeverThrows(@ForAll @Size(max = 2_000) byte[] content) throws IOException {
        Path file = Files.createTempFile("arbitrary", ".csv");
        try {
            Files.write(file, content);
            for (EventFormat format : EventFormat.values()) {
                List<ParseResult> results = new ArrayList<>();
                EventFileReader.read(file, format, ValidationRules.defaults(), (f, n, raw, r) -> results.add(r));
                results.forEach(ParseResultInvariants::assertWellFormed);
            }
        } finally {
            Files.delete(file);
        }
    }

    @Provide
    Arbitrary<String> csvish() {
        return Arbitraries.strings().withChars("0123456789,\". -:UTCview_cartpuhsremofN").ofMaxLength(140);
    }

    @Provide
    Arbitrary<String> retailrocketish() {
        Arbitrary<String> plausible = Combinators.combine(
                        Arbitraries.longs().between(946684800000L - 3_600_000L, 946684800000L + 40L * 365 * 86_400_000L),
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.of("view", "addtocart", "transaction", "click", ""),
                        Arbitraries.of("1", "2", "", "x"))
                .as((t, v, e, i) -> t + "," + v + "," + e + "," + i + ",");
        return Arbitraries.oneOf(plausible, plausible, Arbitraries.strings().withChars("0123456789,\"viewx").ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> mutatedRealLine() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, REAL_LINE.length() - 1),
                        Arbitraries.of(',', '"', ' ', '-', '0', '9', 'x', '\u0661', 'N', 'I', '.', 'e'),
                        Arbitraries.integers().between(0, 2))
                .as((p, c, kind) -> kind == 0
                        ? REAL_LINE.substring(0, p) + c + REAL_LINE.substring(p + 1)
                        : kind == 1 ? REAL_LINE.substring(0, p) + c + REAL_LINE.substring(p) : REAL_LINE.substring(0, p) + REAL_LINE.substring(p + 1));
    }
}
