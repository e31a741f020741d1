package io.intentstream.generator;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The calibration statistics of a clickstream, computed the same way for real and generated events.
 *
 * <p>Keeps per-session state for the whole input, so it is meant for calibration-sized inputs (hours of
 * traffic), not for volume runs. Gaps are between consecutive events of a session in input order.
 */
final class ClickstreamStats {
    /** Statistics checked against the tolerance, in display order. */
    static final List<String> CHECKED = List.of(
            "events per session: mean",
            "events per session: median",
            "events per session: p90",
            "share of sessions with a purchase",
            "share of sessions with a cart",
            "carts per 1,000 views",
            "purchases per 1,000 views",
            "gap within session (s): p25",
            "gap within session (s): p50",
            "gap within session (s): p90",
            "price: p10",
            "price: p25",
            "price: p50",
            "price: p75",
            "price: p90",
            "distinct products per session: mean",
            "distinct products per session: median",
            "distinct products per session: p90");

    private static final class SessionAcc {
        int events;
        boolean cart;
        boolean purchase;
        long lastTime;
        final Set<String> products = new HashSet<>(4);
        final Set<String> categories = new HashSet<>(2);
    }

    private final Map<String, SessionAcc> sessions = new HashMap<>();
    private final Set<String> users = new HashSet<>();
    private final DoubleList gaps = new DoubleList();
    private final DoubleList prices = new DoubleList();
    private long events;
    private long views;
    private long carts;
    private long removes;
    private long purchases;

    void accept(ClickEvent e) {
        events++;
        users.add(e.userId);
        SessionAcc s = sessions.get(e.sessionId);
        if (s == null) {
            s = new SessionAcc();
            sessions.put(e.sessionId, s);
        } else {
            gaps.add((e.eventTime - s.lastTime) / 1000.0);
        }
        s.lastTime = e.eventTime;
        s.events++;
        if (e.productId != null) {
            s.products.add(e.productId);
        }
        if (e.categoryId != null) {
            s.categories.add(e.categoryId);
        }
        if (e.hasPrice()) {
            prices.add(e.price);
        }
        if (e.eventType == EventType.VIEW) {
            views++;
        } else if (e.eventType == EventType.CART) {
            carts++;
            s.cart = true;
        } else if (e.eventType == EventType.REMOVE_FROM_CART) {
            removes++;
        } else {
            purchases++;
            s.purchase = true;
        }
    }

    /** All statistics by name: the checked ones plus volumes for context. */
    Map<String, Double> result() {
        int n = sessions.size();
        double[] lengths = new double[n];
        double[] distinct = new double[n];
        double distinctCategories = 0;
        int withCart = 0;
        int withPurchase = 0;
        int single = 0;
        int oneProduct = 0;
        int i = 0;
        for (SessionAcc s : sessions.values()) {
            lengths[i] = s.events;
            distinct[i] = s.products.size();
            distinctCategories += s.categories.size();
            withCart += s.cart ? 1 : 0;
            withPurchase += s.purchase ? 1 : 0;
            single += s.events == 1 ? 1 : 0;
            oneProduct += s.products.size() <= 1 ? 1 : 0;
            i++;
        }
        Arrays.sort(lengths);
        Arrays.sort(distinct);
        double[] g = gaps.sorted();
        double[] p = prices.sorted();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("events", (double) events);
        m.put("sessions", (double) n);
        m.put("users", (double) users.size());
        m.put("events per session: mean", mean(lengths));
        m.put("events per session: median", quantile(lengths, 0.5));
        m.put("events per session: p90", quantile(lengths, 0.9));
        m.put("share of sessions with a purchase", ratio(withPurchase, n));
        m.put("share of sessions with a cart", ratio(withCart, n));
        m.put("carts per 1,000 views", 1000 * ratio(carts, views));
        m.put("purchases per 1,000 views", 1000 * ratio(purchases, views));
        m.put("gap within session (s): p25", quantile(g, 0.25));
        m.put("gap within session (s): p50", quantile(g, 0.5));
        m.put("gap within session (s): p90", quantile(g, 0.9));
        m.put("price: p10", quantile(p, 0.1));
        m.put("price: p25", quantile(p, 0.25));
        m.put("price: p50", quantile(p, 0.5));
        m.put("price: p75", quantile(p, 0.75));
        m.put("price: p90", quantile(p, 0.9));
        m.put("distinct products per session: mean", mean(distinct));
        m.put("distinct products per session: median", quantile(distinct, 0.5));
        m.put("distinct products per session: p90", quantile(distinct, 0.9));
        m.put("removes per 1,000 views", 1000 * ratio(removes, views));
        m.put("share of one-event sessions", ratio(single, n));
        m.put("share of one-product sessions", ratio(oneProduct, n));
        m.put("distinct categories per session: mean", n == 0 ? Double.NaN : distinctCategories / n);
        m.put("gap within session (s): p99", quantile(g, 0.99));
        return m;
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /** Linear interpolation between order statistics (the common "type 7" definition). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** A growable primitive list, so a few hundred thousand values do not box. */
    private static final class DoubleList {
        private double[] values = new double[1024];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        double[] sorted() {
            double[] out = Arrays.copyOf(values, size);
            Arrays.sort(out);
            return out;
        }
    }
}
