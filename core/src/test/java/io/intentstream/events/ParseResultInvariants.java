package io.intentstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

/** What every parser result must satisfy, whatever the input: either a valid event or a reason, never both. */
final class ParseResultInvariants {
    private static final long MIN_TIME = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    private static final long MAX_TIME = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    private ParseResultInvariants() {}

    /** Checks a result produced under {@link ValidationRules#defaults()}. */
    static void assertWellFormed(ParseResult r) {
        assertThat(r).isNotNull();
        if (!r.isValid()) {
            assertThat(r.event()).isNull();
            assertThat(r.reason()).as("a rejection names its reason").isNotNull();
            assertThat(r.detail()).as("a rejection has a detail").isNotNull();
            return;
        }
        assertThat(r.reason()).isNull();
        ClickEvent e = r.event();
        assertThat(e.eventType).isNotNull();
        assertRequiredId(e.eventId, "event_id");
        assertRequiredId(e.sessionId, "session_id");
        assertRequiredId(e.userId, "user_id");
        assertOptionalId(e.productId, "product_id");
        assertOptionalId(e.categoryId, "category_id");
        assertThat(e.categoryCode).as("category_code: absent, never empty").isNotEqualTo("");
        assertThat(e.brand).as("brand: absent, never empty").isNotEqualTo("");
        assertThat(e.deviceType).as("device_type: absent, never empty").isNotEqualTo("");
        assertThat(e.channel).as("channel: absent, never empty").isNotEqualTo("");
        assertThat(Double.isNaN(e.price) || (Double.isFinite(e.price) && e.price >= 0))
                .as("price %s is NaN or finite and >= 0", e.price).isTrue();
        assertThat(e.eventTime).as("event_time").isGreaterThanOrEqualTo(MIN_TIME).isLessThan(MAX_TIME);
    }

    private static void assertRequiredId(String id, String field) {
        assertThat(id).as(field).isNotNull();
        assertOptionalId(id, field);
    }

    private static void assertOptionalId(String id, String field) {
        if (id != null) {
            assertThat(id).as(field).isNotEmpty();
            assertThat(id.length()).as(field).isLessThanOrEqualTo(ValidationRules.DEFAULT_MAX_IDENTIFIER_LENGTH);
        }
    }
}
