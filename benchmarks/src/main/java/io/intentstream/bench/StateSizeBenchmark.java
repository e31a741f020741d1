package io.intentstream.bench;

import static io.intentstream.generator.GeneratorOptions.DURATION;
import static io.intentstream.generator.GeneratorOptions.MAX_EVENTS;
import static io.intentstream.generator.GeneratorOptions.SEED;
import static io.intentstream.generator.GeneratorOptions.USERS;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.SessionState;
import io.intentstream.features.UserHistory;
import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import io.intentstream.job.state.SessionStateSerializer;
import io.intentstream.job.state.UserSessions;
import io.intentstream.job.state.UserSessionsSerializer;
import io.intentstream.replay.HistoryReplay;
import io.intentstream.replay.ReplayListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Bytes of state as the job stores it (the job's own state serializer): for every session of generated traffic at
 * its largest (when it closes), for one bot session of a million events, for every user's history between
 * sessions, and for a history with every table full.
 */
public final class StateSizeBenchmark {
    static final Option<Long> EVENTS = Option.longValue("events", 2_000_000L, "generated events to replay");
    static final Option<Integer> BOT_EVENTS = Option.integer("bot-events", 1_000_000, "events of the bot session");

    private StateSizeBenchmark() {}

    /** The history of a heavy buyer: every product, category and view table at its cap. */
    private static int fullHistoryBytes() throws Exception {
        List<ClickEvent> buyer = new ArrayList<>();
        for (int k = 0; k < 10_000; k++) {
            ClickEvent e = new ClickEvent();
            e.eventId = "buyer-" + k;
            e.eventTime = 1_569_888_000_000L + k * 60_000L;
            e.eventType = k % 3 == 0 ? EventType.VIEW : k % 3 == 1 ? EventType.CART : EventType.PURCHASE;
            e.sessionId = "s" + (k / 20);
            e.userId = "buyer";
            e.productId = "p" + k;
            e.categoryId = "c" + (k % 700);
            e.price = 10;
            buyer.add(e);
        }
        int[] bytes = {0};
        new HistoryReplay(FeatureConfig.defaults()).replay(buyer, new ReplayListener() {
            @Override
            public void applied(ClickEvent event, SessionState session, float[] features) {}

            @Override
            public void sessionClosed(SessionState session) {}

            @Override
            public void userHistory(String userId, UserHistory history) throws IOException {
                UserSessions user = new UserSessions();
                user.history = history;
                DataOutputSerializer out = new DataOutputSerializer(4_096);
                UserSessionsSerializer.INSTANCE.serialize(user, out);
                bytes[0] = out.length();
            }
        });
        return bytes[0];
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options("bin/intentstream bench state", "Session and user-history state size in bytes.").add(EVENTS).add(BOT_EVENTS);
        Options.Values v = options.parseOrExit(args);
        if (v == null) {
            return;
        }
        TypeSerializer<SessionState> serializer = SessionStateSerializer.INSTANCE;
        DataOutputSerializer out = new DataOutputSerializer(16_384);

        List<ClickEvent> events = new ArrayList<>();
        new ClickstreamGenerator(GeneratorConfig.from(GeneratorOptions.defaults().with(SEED, 9L)
                .with(USERS, (int) (v.get(EVENTS) / 10)).with(DURATION, Duration.ofDays(7)).with(MAX_EVENTS, v.get(EVENTS))))
                .forEachEvent(events::add);
        long[] sizes = new long[1 << 20];
        int[] n = {0};
        List<Long> userBytes = new ArrayList<>();
        DataOutputSerializer userOut = new DataOutputSerializer(16_384);
        new HistoryReplay(FeatureConfig.defaults()).replay(events, new ReplayListener() {
            @Override
            public void applied(ClickEvent event, SessionState session, float[] features) {}

            @Override
            public void sessionClosed(SessionState session) throws IOException {
                out.clear();
                serializer.serialize(session, out);
                if (n[0] == sizes.length) {
                    throw new IllegalStateException("more sessions than expected");
                }
                sizes[n[0]++] = out.length();
            }

            @Override
            public void userHistory(String userId, UserHistory history) throws IOException {
                // The user's value while nothing is open: the history waiting for the user (or its TTL).
                UserSessions user = new UserSessions();
                user.history = history;
                userOut.clear();
                UserSessionsSerializer.INSTANCE.serialize(user, userOut);
                userBytes.add((long) userOut.length());
            }
        });
        long[] s = Arrays.copyOf(sizes, n[0]);
        Arrays.sort(s);
        System.out.printf("generated traffic: %,d events, %,d sessions; bytes per session at close: mean %.0f, "
                        + "median %d, p90 %d, p99 %d, max %d%n", events.size(), s.length, Arrays.stream(s).average().orElse(0),
                s[s.length / 2], s[(int) (s.length * 0.9)], s[(int) (s.length * 0.99)], s[s.length - 1]);
        long[] u = userBytes.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("the same traffic: %,d users; bytes per user between sessions (history only): mean %.0f, "
                        + "median %d, p90 %d, p99 %d, max %d%n", u.length, Arrays.stream(u).average().orElse(0),
                u[u.length / 2], u[(int) (u.length * 0.9)], u[(int) (u.length * 0.99)], u[u.length - 1]);
        System.out.printf("a user's history with every table full: %,d bytes%n", fullHistoryBytes());

        List<ClickEvent> bot = new ArrayList<>();
        for (int k = 0; k < v.get(BOT_EVENTS); k++) {
            ClickEvent e = new ClickEvent();
            e.eventId = "bot-" + k;
            e.eventTime = 1_569_888_000_000L + k * 50L;
            e.eventType = EventType.VIEW;
            e.sessionId = "bot-session";
            e.userId = "bot-user";
            e.productId = "p" + (k % 10_000);
            e.categoryId = "c" + (k % 500);
            e.brand = "b" + (k % 300);
            e.price = 1 + k % 1_000;
            bot.add(e);
        }
        long[] botBytes = {0};
        new HistoryReplay(FeatureConfig.defaults()).replay(bot, new ReplayListener() {
            @Override
            public void applied(ClickEvent event, SessionState session, float[] features) {}

            @Override
            public void sessionClosed(SessionState session) throws IOException {
                out.clear();
                serializer.serialize(session, out);
                botBytes[0] = out.length();
            }
        });
        System.out.printf("bot session of %,d events over 10,000 products: %,d bytes%n", bot.size(), botBytes[0]);
    }
}
