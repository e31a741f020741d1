package io.intentstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a string holds, the written JSON literal reads back as that string, and plain text is copied as is. */
class JsonEventWriterPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 10_000)
    void anyStringReadsBack(@ForAll("mostlyPlain") String s) throws Exception {
        StringBuilder out = new StringBuilder();
        JsonEventWriter.string(s, out);
        assertThat(JSON.readValue(out.toString(), String.class)).isEqualTo(s);
    }

    @Property(tries = 2_000)
    void textWithoutSpecialCharactersIsCopiedBetweenQuotes(@ForAll("plain") String s) {
        StringBuilder out = new StringBuilder();
        JsonEventWriter.string(s, out);
        assertThat(out.toString()).isEqualTo('"' + s + '"');
    }

    /** Printable text with now and then a quote, a backslash, a control character or a non-Latin-1 one. */
    @Provide
    Arbitrary<String> mostlyPlain() {
        return Arbitraries.oneOf(plain(), Arbitraries.strings().withCharRange('\u0000', '\u0100').ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(20));
    }

    @Provide
    Arbitrary<String> plain() {
        return Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\u20ac')
                .excludeChars('"', '\\').ofMaxLength(60);
    }
}
