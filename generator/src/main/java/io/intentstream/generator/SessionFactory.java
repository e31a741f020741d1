package io.intentstream.generator;

/**
 * The population: who starts a session, on which device and channel, with what latent intent.
 *
 * <p>Users are numbers {@code 0..users-1}; everything about a user (propensity, preferred device and
 * channel, favourite category) is a hash of the seed and that number, so a population of any size costs
 * no memory and a returning user is recognisably the same person. Activity differs between users
 * (log-normal); choosing the user of a new session in proportion to activity is done in closed form
 * (see {@link #pickUser}), again without a table per user.
 */
final class SessionFactory {
    static final String[] DEVICES = {"mobile", "desktop", "tablet"};
    private static final double[] DEVICE_INTENT = {-0.15, 0.25, 0.0};
    static final String[] CHANNELS = {"direct", "organic_search", "paid_search", "social", "email", "referral"};
    private static final double[] CHANNEL_SHARE = {0.30, 0.30, 0.15, 0.12, 0.08, 0.05};
    private static final double[] CHANNEL_INTENT = {0.30, 0.0, 0.20, -0.60, 0.70, 0.0};
    private static final double[] CHANNEL_CUMULATIVE;
    private static final long BOT_USER_BASE = 100_000_000L;
    private static final int BOT_IDENTITIES = 997;
    private static final long USER_BASE = 500_000_000L;
    private static final long USER_STREAM = 0x05E2L;
    private static final long SESSION_STREAM = 0x5E55L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static {
        CHANNEL_CUMULATIVE = new double[CHANNEL_SHARE.length];
        double sum = 0;
        for (int i = 0; i < CHANNEL_SHARE.length; i++) {
            sum += CHANNEL_SHARE[i];
            CHANNEL_CUMULATIVE[i] = sum;
        }
    }

    final Catalog catalog;
    final Seasonality seasonality;
    private final Population population;
    private final Behaviour behaviour;
    private final Drift drift;
    private final Rng userRng = new Rng(0);
    private final long userStride;

    // Behaviour constants, calibrated against REES46 (docs/generator.md).
    final double lengthShapeA = 2.6;
    final double lengthShapeB = 2.2;
    final double intentLengthExponent = 1.5;
    final double minLeaveFactor = 0.35;
    final double cartIntentExponent = 1.0;
    final double secondCartProbability = 0.4;
    final double earlierCartItemBought = 0.3;
    final double viewGapSpread = 0.75;
    final double pauseProbability = 0.03;
    final double cartGapMedianMillis = 12_000;
    final double removeGapMedianMillis = 25_000;
    final double checkoutGapMedianMillis = 90_000;
    final double botGapMedianMillis = 700;
    final double viewGapMedianMillis;
    final double cartPropensity;
    final double removeProbability;
    final double repeatViewProbability;
    final double categorySwitchProbability;
    final double driftPriceFactor;

    SessionFactory(GeneratorConfig config) {
        this.population = config.population();
        this.behaviour = config.behaviour();
        this.drift = config.drift();
        this.catalog = new Catalog(population.catalogSeed(), population.products());
        this.seasonality = new Seasonality(population.zone(), population.seasonality());
        this.viewGapMedianMillis = behaviour.viewGapMedian() * 1000;
        this.cartPropensity = behaviour.cartPropensity();
        this.removeProbability = behaviour.removeProbability();
        this.repeatViewProbability = behaviour.repeatViewProbability();
        this.categorySwitchProbability = behaviour.categorySwitchProbability();
        this.driftPriceFactor = drift.driftPriceFactor();
        this.userStride = coprimeStride(population.users());
    }

    /** A multiplier coprime to n, so {@code k -> k * stride mod n} shuffles activity ranks into user numbers. */
    private static long coprimeStride(long n) {
        long[] primes = {1_000_000_007L, 998_244_353L, 2_147_483_647L, 1_000_000_009L};
        for (long p : primes) {
            if (n % p != 0) {
                return p % n == 0 ? 1 : p;
            }
        }
        return 1;
    }

    /**
     * A user number with probability proportional to the user's activity. Activity of the user at rank
     * quantile x is exp(s * z(x)) with z the normal quantile; drawing z from N(s, 1) (the size-biased
     * log-normal) and mapping it back through the normal CDF picks ranks in exactly that proportion.
     */
    long pickUser(Rng rng) {
        int users = population.users();
        double x = Rng.normalCdf(population.userActivitySpread() + rng.nextGaussian());
        long rank = Math.min(users - 1, (long) (x * users));
        return Math.floorMod(rank * userStride + 12_345, (long) users);
    }

    Session create(long ordinal, long time, boolean bot, Rng arrivalRng) {
        long key = Rng.derive(population.seed(), SESSION_STREAM, ordinal);
        boolean drifted = drift.drifts(time);
        if (bot) {
            long botUser = BOT_USER_BASE + Math.floorMod(key, BOT_IDENTITIES);
            return new Session(this, ordinal, key, true, drifted, Session.DEVICE_DESKTOP, 0, 0.0, false, 0, time,
                    uuid(key), ascii(Long.toString(botUser)), eventIdPrefix(key));
        }
        long user = pickUser(arrivalRng);
        userRng.reseed(Rng.derive(population.seed(), USER_STREAM, user));
        double propensity = userRng.nextGaussian();
        double deviceDraw = userRng.nextDouble();
        int preferredChannel = userRng.pick(CHANNEL_CUMULATIVE);
        int favourite = catalog.randomCategory(userRng);

        Rng sessionRng = new Rng(key);
        double mobile = drifted ? drift.driftMobileShare() : behaviour.mobileShare();
        int device = deviceOf(sessionRng.chance(0.85) ? deviceDraw : sessionRng.nextDouble(), mobile);
        int channel = sessionRng.chance(0.5) ? preferredChannel : sessionRng.pick(CHANNEL_CUMULATIVE);
        double hour = seasonality.hourOfDay(time);
        boolean weekend = Seasonality.isWeekend(seasonality.dayOfWeek(time));
        // Two kinds of visit: a purchase mission or browsing. Whether this one is a mission depends on
        // the user's lasting propensity and the context; its intent is then drawn around the kind's mean.
        double missionLogit = Math.log(behaviour.missionShare() / (1 - behaviour.missionShare()))
                + behaviour.userPropensitySpread() * propensity
                + DEVICE_INTENT[device]
                + CHANNEL_INTENT[channel]
                // Evenings convert best, small hours worst.
                + 0.25 * Math.cos(2 * Math.PI * (hour - 20.5) / 24)
                + (weekend ? 0.1 : 0.0)
                + (drifted ? drift.driftIntentShift() : 0.0);
        boolean mission = sessionRng.chance(1 / (1 + Math.exp(-missionLogit)));
        double logit = (mission ? behaviour.missionIntent() : behaviour.browseIntent())
                + behaviour.sessionIntentSpread() * sessionRng.nextGaussian();
        double intent = 1 / (1 + Math.exp(-logit));
        boolean willConvert = sessionRng.chance(intent);
        return new Session(this, ordinal, key, false, drifted, device, channel, intent, willConvert, favourite,
                time, uuid(key), ascii(Long.toString(USER_BASE + user)), eventIdPrefix(key));
    }

    private static int deviceOf(double draw, double mobileShare) {
        if (draw < mobileShare) {
            return Session.DEVICE_MOBILE;
        }
        return draw < mobileShare + (1 - mobileShare) * 0.8 ? Session.DEVICE_DESKTOP : Session.DEVICE_TABLET;
    }

    /** A version-4-shaped UUID from the session key, like the session ids trackers write. */
    private static byte[] uuid(long key) {
        long hi = Rng.mix(key ^ 0x0123456789ABCDEFL);
        long lo = Rng.mix(key + 0x0FEDCBA987654321L);
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        byte[] out = new byte[36];
        int p = 0;
        p = hex(hi >>> 32, 8, out, p);
        out[p++] = '-';
        p = hex(hi >>> 16, 4, out, p);
        out[p++] = '-';
        p = hex(hi, 4, out, p);
        out[p++] = '-';
        p = hex(lo >>> 48, 4, out, p);
        out[p++] = '-';
        hex(lo, 12, out, p);
        return out;
    }

    /** Event ids are the session key in hex plus a per-session sequence: unique by construction. */
    private static byte[] eventIdPrefix(long key) {
        byte[] out = new byte[17];
        hex(key, 16, out, 0);
        out[16] = '-';
        return out;
    }

    private static int hex(long v, int digits, byte[] out, int pos) {
        for (int i = digits - 1; i >= 0; i--) {
            out[pos + i] = (byte) HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
        return pos + digits;
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
