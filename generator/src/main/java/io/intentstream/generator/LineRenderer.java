package io.intentstream.generator;

/**
 * Writes an {@link EventRecord} as one line of the chosen layout, intact or deliberately broken.
 *
 * <p>Each broken variant is built so that the parsers reject it for exactly the reason
 * {@link MalformedKind#reason} names; {@code GroundTruthTest} holds them to it.
 */
final class LineRenderer {
    private static final String[] UNKNOWN_TYPES = {"click", "wishlist", "share", "checkout_start", "page_view"};
    private static final String[] JSON_TEXT_PRICES = {"\"n/a\"", "\"12.99 EUR\"", "\"\"", "\"free\""};
    private static final String[] CSV_TEXT_PRICES = {"n/a", "EUR 12.99", "free", "12.99.1"};
    /** Calendar-impossible dates and clocks; each still has the right shape, so only the calendar is wrong. */
    private static final String[] IMPOSSIBLE_DATES = {"-02-30", "-02-31", "-04-31", "-13-01", "-00-10"};
    private static final String[] IMPOSSIBLE_CLOCKS = {"24:10:00", "23:60:00", "25:00:00"};
    private static final long YEAR_MILLIS = 365L * 86_400_000L;
    private static final String CSV_HEADER =
            "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";

    private final Catalog catalog;
    private final OutputFormat format;
    private final TimeFormat timeFormat;

    LineRenderer(Catalog catalog, OutputFormat format, TimeFormat timeFormat) {
        this.catalog = catalog;
        this.format = format;
        this.timeFormat = timeFormat;
    }

    /** The header line each CSV file starts with, or {@code null} for JSON. */
    static String header(OutputFormat format) {
        return format == OutputFormat.REES46 ? CSV_HEADER : null;
    }

    static void appendEventId(ByteLine out, EventRecord r) {
        out.append(r.session.eventIdPrefix).appendHex(r.seq, 4);
    }

    void render(EventRecord r, ByteLine out) {
        out.reset();
        if (format == OutputFormat.JSON) {
            json(r, out, null, 0, null);
        } else {
            csv(r, out, null, null);
        }
    }

    /**
     * Writes a broken copy of the event.
     *
     * @return a short note on what was broken, for the ground truth
     */
    String renderMalformed(EventRecord r, ByteLine out, MalformedKind kind, Rng rng) {
        out.reset();
        if (format == OutputFormat.JSON) {
            return jsonMalformed(r, out, kind, rng);
        }
        return csvMalformed(r, out, kind, rng);
    }

    private String jsonMalformed(EventRecord r, ByteLine out, MalformedKind kind, Rng rng) {
        switch (kind) {
            case INVALID_SYNTAX: {
                json(r, out, null, 0, null);
                // Any proper prefix of an object is broken JSON: the only closing brace is the last byte.
                int keep = out.len / 4 + rng.nextInt(out.len - 1 - out.len / 4);
                out.len = keep;
                return "cut after " + keep + " bytes";
            }
            case MISSING_FIELD: {
                String[] required = {"event_time", "event_type", "session_id", "user_id"};
                String field = required[rng.nextInt(required.length)];
                json(r, out, field, 0, null);
                return "no " + field;
            }
            case UNKNOWN_EVENT_TYPE: {
                String type = UNKNOWN_TYPES[rng.nextInt(UNKNOWN_TYPES.length)];
                json(r, out, null, 0, type);
                return "event_type " + type;
            }
            case NEGATIVE_PRICE:
                json(r, out, "price", 1, null);
                return "price -" + r.priceCents / 100 + "." + r.priceCents % 100;
            case NON_NUMERIC_PRICE: {
                String text = JSON_TEXT_PRICES[rng.nextInt(JSON_TEXT_PRICES.length)];
                json(r, out, "price", 0, null);
                insertBeforeClose(out, ",\"price\":" + text);
                return "price " + text;
            }
            case IMPOSSIBLE_TIMESTAMP: {
                String text = impossibleTime(r.time, rng, 'T', "Z");
                json(r, out, "event_time", 0, null);
                insertBeforeClose(out, ",\"event_time\":\"" + text + "\"");
                return "event_time " + text;
            }
            default: {
                // The classic unit mistakes: seconds or microseconds where milliseconds belong.
                long wrong = rng.chance(0.5) ? r.time / 1000 : r.time * 1000;
                json(r, out, "event_time", 0, null);
                insertBeforeClose(out, ",\"event_time\":" + wrong);
                return "event_time " + wrong;
            }
        }
    }

    private String csvMalformed(EventRecord r, ByteLine out, MalformedKind kind, Rng rng) {
        switch (kind) {
            case INVALID_SYNTAX: {
                csv(r, out, null, null);
                // Cut before the k-th comma (k = 2..8): 2 to 8 columns instead of 9.
                int commas = 2 + rng.nextInt(7);
                int pos = -1;
                for (int i = 0; i < commas; i++) {
                    pos = out.indexOf((byte) ',', pos + 1);
                }
                out.len = pos;
                return commas + " columns";
            }
            case MISSING_FIELD: {
                String[] fields = {"event_type", "user_id", "user_session"};
                String field = fields[rng.nextInt(fields.length)];
                csv(r, out, field, "");
                return "empty " + field;
            }
            case UNKNOWN_EVENT_TYPE: {
                String type = UNKNOWN_TYPES[rng.nextInt(UNKNOWN_TYPES.length)];
                csv(r, out, "event_type", type);
                return "event_type " + type;
            }
            case NEGATIVE_PRICE:
                csv(r, out, "price", "-" + centsText(r.priceCents));
                return "negative price";
            case NON_NUMERIC_PRICE: {
                String text = CSV_TEXT_PRICES[rng.nextInt(CSV_TEXT_PRICES.length)];
                csv(r, out, "price", text);
                return "price " + text;
            }
            case IMPOSSIBLE_TIMESTAMP: {
                String text = impossibleTime(r.time, rng, ' ', " UTC");
                csv(r, out, "event_time", text);
                return "event_time " + text;
            }
            default: {
                // Seconds taken for milliseconds lands in January 1970; a century slip lands after 2100.
                long wrong = rng.chance(0.5) ? r.time / 1000 : r.time + 100 * YEAR_MILLIS + 25 * 86_400_000L;
                ByteLine t = new ByteLine();
                t.appendRees46Time(wrong);
                csv(r, out, "event_time", t.toString());
                return "event_time " + t;
            }
        }
    }

    private static String impossibleTime(long time, Rng rng, char separator, String zone) {
        ByteLine t = new ByteLine();
        t.appendIsoTime(time);
        String iso = t.toString();
        String year = iso.substring(0, 4);
        String day = iso.substring(5, 10);
        String clock = iso.substring(11, 19);
        if (rng.chance(0.5)) {
            String bad = IMPOSSIBLE_DATES[rng.nextInt(IMPOSSIBLE_DATES.length)];
            return year + bad + separator + clock + zone;
        }
        String bad = IMPOSSIBLE_CLOCKS[rng.nextInt(IMPOSSIBLE_CLOCKS.length)];
        return year + "-" + day + separator + bad + zone;
    }

    private static void insertBeforeClose(ByteLine out, String text) {
        out.len--;
        out.append(text).append('}');
    }

    private static String centsText(long cents) {
        ByteLine b = new ByteLine();
        b.appendCents(cents);
        return b.toString();
    }

    /**
     * The JSON line. {@code skip} leaves one field out; with {@code negate == 1} the price is
     * written negative instead of skipped; {@code typeOverride} replaces the event type.
     */
    private void json(EventRecord r, ByteLine out, String skip, int negate, String typeOverride) {
        Session s = r.session;
        out.append("{\"event_id\":\"");
        appendEventId(out, r);
        out.append('"');
        if (!"event_time".equals(skip)) {
            if (timeFormat == TimeFormat.ISO) {
                out.append(",\"event_time\":\"").appendIsoTime(r.time).append('"');
            } else {
                out.append(",\"event_time\":").append(r.time);
            }
        }
        if (!"event_type".equals(skip)) {
            out.append(",\"event_type\":\"").append(typeOverride != null ? typeOverride : r.type.wireName()).append('"');
        }
        if (!"session_id".equals(skip)) {
            out.append(",\"session_id\":\"").append(s.sessionIdBytes).append('"');
        }
        if (!"user_id".equals(skip)) {
            out.append(",\"user_id\":\"").append(s.userIdBytes).append('"');
        }
        out.append(",\"product_id\":\"").append(r.productId).append('"');
        out.append(",\"category_id\":\"").append(catalog.categoryIdBytes(r.category)).append('"');
        byte[] code = catalog.categoryCodeBytes(r.category);
        if (code != null) {
            out.append(",\"category_code\":\"").append(code).append('"');
        }
        int brand = catalog.brand(r.category, r.productId);
        if (brand >= 0) {
            out.append(",\"brand\":\"").append(catalog.brandBytes(r.category, brand)).append('"');
        }
        if (!"price".equals(skip)) {
            out.append(",\"price\":").appendCents(r.priceCents);
        } else if (negate == 1) {
            out.append(",\"price\":").appendCents(-r.priceCents);
        }
        out.append(",\"device_type\":\"").append(SessionFactory.DEVICES[s.device]).append('"');
        out.append(",\"channel\":\"").append(SessionFactory.CHANNELS[s.channel]).append("\"}");
    }

    /** The CSV line; {@code field} (if not null) is written as {@code replacement} instead. */
    private void csv(EventRecord r, ByteLine out, String field, String replacement) {
        Session s = r.session;
        if ("event_time".equals(field)) {
            out.append(replacement);
        } else {
            out.appendRees46Time(r.time);
        }
        out.append(',');
        out.append("event_type".equals(field) ? replacement : r.type.wireName());
        out.append(',').append(r.productId).append(',').append(catalog.categoryIdBytes(r.category)).append(',');
        byte[] code = catalog.categoryCodeBytes(r.category);
        if (code != null) {
            out.append(code);
        }
        out.append(',');
        int brand = catalog.brand(r.category, r.productId);
        if (brand >= 0) {
            out.append(catalog.brandBytes(r.category, brand));
        }
        out.append(',');
        if ("price".equals(field)) {
            out.append(replacement);
        } else {
            out.appendCents(r.priceCents);
        }
        out.append(',');
        if ("user_id".equals(field)) {
            out.append(replacement);
        } else {
            out.append(s.userIdBytes);
        }
        out.append(',');
        if ("user_session".equals(field)) {
            out.append(replacement);
        } else {
            out.append(s.sessionIdBytes);
        }
    }
}
