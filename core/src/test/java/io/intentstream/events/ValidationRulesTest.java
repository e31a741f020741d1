package io.intentstream.events;

import static io.intentstream.testing.Instants.START;
import static io.intentstream.testing.Instants.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.testing.Events;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validation rules shared by every parser (docs/events.md, "Validation"). */
class ValidationRulesTest {
    private final ValidationRules rules = ValidationRules.defaults();

    @Test
    void defaultsAreTheDocumentedLimits() {
        assertThat(rules.maxRecordBytes()).isEqualTo(65_536);
        assertThat(rules.maxIdentifierLength()).isEqualTo(256);
        assertThat(rules.maxFutureSkewMillis()).as("off: replay of history").isNegative();
        assertThat(rules.aliases()).isEmpty();
        assertThat(ValidationRules.DEFAULT_MIN_EVENT_TIME).isEqualTo(Instant.parse("2000-01-01T00:00:00Z").toEpochMilli());
        assertThat(ValidationRules.DEFAULT_MAX_EVENT_TIME).isEqualTo(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void aValidEventPasses() {
        assertThat(rules.check(Events.view(Events.SESSION, "p1", 10.0, START), millis(START))).isNull();
    }

    @Test
    void requiredIdentifiersComeFirst() {
        ClickEvent e = Events.view(Events.SESSION, "p1", -1.0, START);
        e.userId = null;
        e.sessionId = "";

        ParseResult r = rules.check(e, 0);

        assertThat(r.reason()).isEqualTo(RejectReason.EMPTY_IDENTIFIER);
        assertThat(r.detail()).isEqualTo("session_id");
    }

    @Test
    void priceMustBeAbsentOrFiniteAndNotNegative() {
        for (double ok : new double[] {Double.NaN, 0.0, -0.0, 0.01, 1e9}) {
            assertThat(rules.check(Events.view(Events.SESSION, "p1", ok, START), 0)).as("price %s", ok).isNull();
        }
        for (double bad : new double[] {-0.01, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThat(rules.check(Events.view(Events.SESSION, "p1", bad, START), 0).reason()).as("price %s", bad)
                    .isEqualTo(RejectReason.INVALID_PRICE);
        }
    }

    @Test
    void futureSkewIsMeasuredFromTheGivenNowInclusive() {
        ValidationRules live = rules.withMaxFutureSkewMillis(0);
        ClickEvent e = Events.view(Events.SESSION, "p1", 10.0, START);

        assertThat(live.check(e, millis(START))).isNull();
        assertThat(live.check(e, millis(START) - 1).reason()).isEqualTo(RejectReason.EVENT_TIME_IN_FUTURE);
    }

    @Test
    void parsesAliasSpecifications() {
        assertThat(ValidationRules.parseAliases(" addtocart = cart , Transaction=purchase"))
                .isEqualTo(Map.of("addtocart", EventType.CART, "transaction", EventType.PURCHASE));
        assertThat(ValidationRules.parseAliases("")).isEmpty();
        assertThat(ValidationRules.parseAliases(null)).isEmpty();
        assertThatThrownBy(() -> ValidationRules.parseAliases("click=tap")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad event type alias 'click=tap'");
        assertThatThrownBy(() -> ValidationRules.parseAliases("click")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aliasesAreCaseInsensitiveButWireNamesAreExact() {
        ValidationRules aliased = rules.withAliases(Map.of("AddToCart", EventType.CART));

        assertThat(aliased.resolveEventType("addtocart")).isEqualTo(EventType.CART);
        assertThat(aliased.resolveEventType("ADDTOCART")).isEqualTo(EventType.CART);
        assertThat(aliased.resolveEventType("view")).isEqualTo(EventType.VIEW);
        assertThat(aliased.resolveEventType("View")).isNull();
        assertThat(rules.resolveEventType("addtocart")).isNull();
    }

    @Test
    void resolvingNoNameGivesNoTypeWithOrWithoutAliases() {
        assertThat(rules.resolveEventType(null)).isNull();
        assertThat(rules.withAliases(Map.of("addtocart", EventType.CART)).resolveEventType(null)).isNull();
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> rules.withMaxRecordBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rules.withMaxIdentifierLength(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ValidationRules configured = rules.withMaxIdentifierLength(10).withAliases(Map.of("addtocart", EventType.CART));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(configured);
        }
        ValidationRules copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ValidationRules) in.readObject();
        }

        assertThat(copy.maxIdentifierLength()).isEqualTo(10);
        assertThat(copy.resolveEventType("AddToCart")).isEqualTo(EventType.CART);
    }
}
