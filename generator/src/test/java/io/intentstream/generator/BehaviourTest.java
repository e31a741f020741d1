package io.intentstream.generator;

import static io.intentstream.generator.GeneratorConfig.from;
import static io.intentstream.generator.GeneratorOptions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intentstream.events.ClickEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BehaviourTest {
    @Test
    void usersReturnAndSomeBuyMoreThanOnce() throws IOException {
        GroundTruth truth = Runs.truthOnly(from(defaults().with(SEED, 1L).with(USERS, 20_000)
                .with(DURATION, Duration.ofDays(7))));
        Map<String, List<GroundTruth.SessionTruth>> byUser = new HashMap<>();
        for (GroundTruth.SessionTruth s : truth.sessions().values()) {
            if (!s.bot) {
                byUser.computeIfAbsent(s.userId, k -> new ArrayList<>()).add(s);
            }
        }
        long returning = byUser.values().stream().filter(l -> l.size() >= 2).count();
        long repeatBuyers = byUser.values().stream()
                .filter(l -> l.stream().filter(s -> s.converted).count() >= 2)
                .count();
        assertThat((double) returning / byUser.size()).isGreaterThan(0.4);
        assertThat(repeatBuyers).isGreaterThan(50);
        // Propensity is a lasting trait: a user who bought before converts more often in later sessions.
        double[] later = new double[2];
        double[] laterConverted = new double[2];
        for (List<GroundTruth.SessionTruth> sessions : byUser.values()) {
            sessions.sort((a, b) -> Long.compare(a.startTime, b.startTime));
            boolean boughtBefore = false;
            for (int i = 0; i < sessions.size(); i++) {
                if (i > 0) {
                    int group = boughtBefore ? 1 : 0;
                    later[group]++;
                    laterConverted[group] += sessions.get(i).converted ? 1 : 0;
                }
                boughtBefore |= sessions.get(i).converted;
            }
        }
        assertThat(laterConverted[1] / later[1]).isGreaterThan(2 * laterConverted[0] / later[0]);
    }

    @Test
    void latentIntentDrivesPurchasesAndVisibleBehaviour() throws IOException {
        GroundTruth truth = Runs.truthOnly(from(defaults().with(SEED, 2L).with(USERS, 150_000)
                .with(DURATION, Duration.ofHours(12))));
        double oracle = truth.oracleAuc();
        assertThat(oracle).isBetween(0.8, 0.99);

        double withCart = 0;
        double withCartConverted = 0;
        double without = 0;
        double withoutConverted = 0;
        double longSessions = 0;
        double longConverted = 0;
        double shortSessions = 0;
        double shortConverted = 0;
        for (GroundTruth.SessionTruth s : truth.sessions().values()) {
            if (s.bot) {
                continue;
            }
            if (s.carts > 0) {
                withCart++;
                withCartConverted += s.converted ? 1 : 0;
            } else {
                without++;
                withoutConverted += s.converted ? 1 : 0;
            }
            if (s.views >= 6) {
                longSessions++;
                longConverted += s.converted ? 1 : 0;
            } else if (s.views == 1) {
                shortSessions++;
                shortConverted += s.converted ? 1 : 0;
            }
        }
        assertThat(withCartConverted / withCart).isGreaterThan(5 * withoutConverted / without);
        assertThat(longConverted / longSessions).isGreaterThan(2 * shortConverted / shortSessions);
    }

    @Test
    void botsAreLongFastAndNeverBuy() throws IOException {
        GroundTruth truth = Runs.truthOnly(from(defaults().with(SEED, 3L).with(USERS, 100_000).with(START, Runs.NOON)
                .with(DURATION, Duration.ofHours(6)).with(BOT_RATE, 0.01)));
        List<GroundTruth.SessionTruth> bots = new ArrayList<>();
        for (GroundTruth.SessionTruth s : truth.sessions().values()) {
            if (s.bot) {
                bots.add(s);
            }
        }
        assertThat(bots).hasSizeGreaterThan(50);
        for (GroundTruth.SessionTruth b : bots) {
            assertThat(b.events).isGreaterThanOrEqualTo(30);
            assertThat(b.purchases + b.carts + b.removes).isZero();
            assertThat(b.intent).isZero();
            assertThat((double) (b.endTime - b.startTime) / (b.events - 1)).isLessThan(3_000);
        }
    }

    @Test
    void driftShiftsConversionPricesAndDevicesFromItsStart() throws IOException {
        Instant driftAt = Instant.parse("2019-10-02T00:00:00Z");
        GeneratorConfig config = from(defaults().with(SEED, 4L).with(USERS, 100_000).with(DURATION, Duration.ofDays(2))
                .with(DRIFT_AT, driftAt));
        Map<String, Boolean> drifted = new HashMap<>();
        double[] logPrice = new double[2];
        long[] priced = new long[2];
        Map<String, Integer> firstProductCents = new HashMap<>();
        new ClickstreamGenerator(config).forEachEvent(e -> {
            boolean after = e.eventTime >= driftAt.toEpochMilli();
            drifted.putIfAbsent(e.sessionId, after);
            firstProductCents.putIfAbsent(e.productId + (after ? "+" : "-"), (int) Math.round(e.price * 100));
        });
        for (Map.Entry<String, Integer> p : firstProductCents.entrySet()) {
            int side = p.getKey().endsWith("+") ? 1 : 0;
            logPrice[side] += Math.log(p.getValue());
            priced[side]++;
        }
        GroundTruth truth = Runs.truthOnly(config);
        double[] sessions = new double[2];
        double[] converted = new double[2];
        double[] mobile = new double[2];
        for (GroundTruth.SessionTruth s : truth.sessions().values()) {
            if (s.bot) {
                continue;
            }
            int side = s.drifted ? 1 : 0;
            assertThat(s.drifted).isEqualTo(s.startTime >= driftAt.toEpochMilli());
            sessions[side]++;
            converted[side] += s.converted ? 1 : 0;
            mobile[side] += s.deviceType.equals("mobile") ? 1 : 0;
        }
        assertThat(converted[1] / sessions[1]).isLessThan(0.7 * converted[0] / sessions[0]);
        assertThat(mobile[0] / sessions[0]).isCloseTo(MOBILE_SHARE.defaultValue(), within(0.02));
        assertThat(mobile[1] / sessions[1]).isCloseTo(DRIFT_MOBILE_SHARE.defaultValue(), within(0.02));
        // Same kind of products, prices about a quarter higher: compare mean log prices.
        double ratio = Math.exp(logPrice[1] / priced[1] - logPrice[0] / priced[0]);
        assertThat(ratio).isCloseTo(DRIFT_PRICE_FACTOR.defaultValue(), within(0.08));
    }

    @Test
    void trafficFollowsTheLocalClockAcrossADaylightSavingChange() throws IOException {
        // Europe/Berlin leaves summer time on 2019-10-27; the evening peak must stay at local evening.
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        GroundTruth truth = Runs.truthOnly(from(defaults().with(SEED, 5L).with(USERS, 25_000).with(ZONE, berlin.getId())
                .with(START, Instant.parse("2019-10-23T00:00:00Z")).with(DURATION, Duration.ofDays(8))));
        long change = Instant.parse("2019-10-27T01:00:00Z").toEpochMilli();
        int[][] byHour = new int[2][24];
        for (GroundTruth.SessionTruth s : truth.sessions().values()) {
            int hour = Instant.ofEpochMilli(s.startTime).atZone(berlin).getHour();
            byHour[s.startTime < change ? 0 : 1][hour]++;
        }
        for (int[] hours : byHour) {
            int peak = 0;
            for (int h = 1; h < 24; h++) {
                peak = hours[h] > hours[peak] ? h : peak;
            }
            assertThat(peak).isBetween(19, 21);
            assertThat(hours[20]).isGreaterThan(4 * hours[4]);
        }
    }

    @Test
    void withoutDisorderFaultsEventsComeInEventTimeOrder() {
        long[] last = {Long.MIN_VALUE};
        long[] count = {0};
        new ClickstreamGenerator(from(defaults().with(SEED, 6L).with(USERS, 100_000))).forEachEvent(e -> {
            assertThat(e.eventTime).isGreaterThanOrEqualTo(last[0]);
            last[0] = e.eventTime;
            count[0]++;
        });
        assertThat(count[0]).isGreaterThan(50_000);
    }

    @Test
    void funnelStepsAreConsistentWithinEachSession() {
        Map<String, Set<String>> viewed = new HashMap<>();
        Map<String, List<String>> cart = new HashMap<>();
        long[] checked = new long[3];
        new ClickstreamGenerator(from(defaults().with(SEED, 7L).with(USERS, 200_000).with(REMOVE_PROBABILITY, 0.5)))
                .forEachEvent((ClickEvent e) -> {
                    Set<String> seen = viewed.computeIfAbsent(e.sessionId, k -> new HashSet<>());
                    List<String> items = cart.computeIfAbsent(e.sessionId, k -> new ArrayList<>());
                    switch (e.eventType) {
                        case VIEW:
                            seen.add(e.productId);
                            break;
                        case CART:
                            assertThat(seen).contains(e.productId);
                            items.add(e.productId);
                            checked[0]++;
                            break;
                        case REMOVE_FROM_CART:
                            assertThat(items.remove(e.productId)).as("removed product was in the cart").isTrue();
                            checked[1]++;
                            break;
                        default:
                            assertThat(seen).as("a purchase follows at least one view").isNotEmpty();
                            assertThat(seen).contains(e.productId);
                            checked[2]++;
                    }
                });
        assertThat(checked[0]).as("carts").isGreaterThan(100);
        assertThat(checked[1]).as("removes").isGreaterThan(100);
        assertThat(checked[2]).as("purchases").isGreaterThan(100);
    }
}
