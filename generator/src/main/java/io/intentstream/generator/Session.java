package io.intentstream.generator;

import io.intentstream.events.EventType;

/**
 * One shopping (or crawling) session while it is active: its fixed context and latent intent, and the
 * little state needed to produce its next event on demand.
 *
 * <p>A session never materialises its event list. It keeps the next event ready ({@link #nextTime} and
 * friends) and computes the one after it when asked, so memory per session is constant and the
 * generator's memory depends on how many sessions overlap in time, not on how many events they make.
 *
 * <p>Behaviour depends on the latent intent only, never on the drawn outcome: purchase is a coin flip
 * with probability equal to the intent, and length, repeat views, carts and focus all rise with the
 * intent. Ranking sessions by intent is therefore the best any model of the observable events can do
 * (the oracle in the ground truth).
 */
final class Session {
    static final int DEVICE_MOBILE = 0;
    static final int DEVICE_DESKTOP = 1;
    static final int DEVICE_TABLET = 2;

    private static final int RING = 6;
    private static final int CART_CAPACITY = 12;
    private static final int MAX_VIEWS = 400;

    private enum Phase { BROWSING, CHECKOUT }

    final long ordinal;
    final long key;
    final boolean bot;
    final boolean drifted;
    final int device;
    final int channel;
    final double intent;
    final boolean willConvert;
    final long startTime;
    final double priceFactor;
    final byte[] sessionIdBytes;
    final byte[] userIdBytes;
    final byte[] eventIdPrefix;

    private final SessionFactory world;
    private final Rng rng;
    private final double speed;
    private final int favouriteCategory;
    private final int viewsTotal;
    private int viewsDone;
    private int cartsLeft;
    private Phase phase = Phase.BROWSING;

    private final long[] ringProduct = new long[RING];
    private final int[] ringCategory = new int[RING];
    private int ringSize;
    private int ringHead;
    private long currentProduct;
    private int currentCategory;

    private final long[] cartProduct = new long[CART_CAPACITY];
    private final int[] cartCategory = new int[CART_CAPACITY];
    private int cartSize;
    private boolean removePending;
    private int removeCountdown;
    private int removeSlot;
    private int purchaseIndex;

    long nextTime;
    EventType nextType;
    long nextProduct;
    int nextCategory;

    int seq;
    int events;
    int views;
    int carts;
    int removes;
    int purchases;
    long lastTime;

    Session(SessionFactory world, long ordinal, long key, boolean bot, boolean drifted,
            int device, int channel, double intent, boolean willConvert, int favouriteCategory,
            long startTime, byte[] sessionIdBytes, byte[] userIdBytes, byte[] eventIdPrefix) {
        this.world = world;
        this.ordinal = ordinal;
        this.key = key;
        this.bot = bot;
        this.drifted = drifted;
        this.device = device;
        this.channel = channel;
        this.intent = intent;
        this.willConvert = willConvert;
        this.favouriteCategory = favouriteCategory;
        this.startTime = startTime;
        this.sessionIdBytes = sessionIdBytes;
        this.userIdBytes = userIdBytes;
        this.eventIdPrefix = eventIdPrefix;
        this.priceFactor = drifted ? world.driftPriceFactor : 1.0;
        this.rng = new Rng(Rng.mix(key ^ 0x5E5510DL));
        this.speed = bot ? 1.0 : Math.exp(0.4 * rng.nextGaussian());
        this.viewsTotal = bot ? botLength() : browsingLength();
        if (!bot && rng.chance(Math.min(0.95, world.cartPropensity * Math.pow(intent, world.cartIntentExponent)))) {
            // Sometimes more than one item; capped by the views, cart sessions average about REES46's 1.4 adds.
            cartsLeft = Math.min(viewsTotal, 1 + (rng.chance(world.secondCartProbability) ? 1 + rng.geometric(0.6) : 0));
        }
        firstView(startTime);
    }

    private int botLength() {
        return (int) Math.min(5_000, 30 + rng.logNormal(100, 0.8));
    }

    /**
     * Views in a session: geometric with a continuation probability that varies between sessions
     * (a Beta mixture gives the heavy tail: many one-page visits, a few long browses), lengthened by intent.
     */
    private int browsingLength() {
        double stay = rng.beta(world.lengthShapeA, world.lengthShapeB);
        // Buyers browse longer: in REES46 one-view sessions convert at a third of the rate of longer ones.
        double keen = Math.max(world.minLeaveFactor, Math.pow(1 - intent, world.intentLengthExponent));
        double leave = (1 - stay) * keen;
        return Math.min(MAX_VIEWS, 1 + rng.geometric(Math.max(1e-3, leave)));
    }

    private void firstView(long time) {
        int category;
        if (bot) {
            category = rng.nextInt(world.catalog.categoryCount());
        } else {
            category = rng.chance(0.4) ? favouriteCategory : world.catalog.randomCategory(rng);
        }
        long product = bot ? world.catalog.uniformProduct(category, rng) : world.catalog.popularProduct(category, rng);
        prepareView(time, product, category);
    }

    /** Moves to the next event; returns false when the session has ended. The current event has been taken. */
    boolean advance() {
        EventType done = nextType;
        lastTime = nextTime;
        events++;
        seq++;
        long now = nextTime;
        switch (done) {
            case VIEW:
                views++;
                viewsDone++;
                if (cartsLeft > 0 && rng.nextDouble() * (viewsTotal - viewsDone + 1) < cartsLeft) {
                    cartsLeft--;
                    prepare(now + gap(world.cartGapMedianMillis, 0.8), EventType.CART, currentProduct, currentCategory);
                    return true;
                }
                if (removePending) {
                    removeCountdown--;
                }
                return afterSlot(now);
            case CART:
                carts++;
                addToCart(currentProduct, currentCategory);
                if (!removePending && cartSize > 0 && rng.chance(world.removeProbability)) {
                    removePending = true;
                    removeSlot = cartSize - 1;
                    removeCountdown = 1 + rng.geometric(0.5);
                }
                return afterSlot(now);
            case REMOVE_FROM_CART:
                removes++;
                removeFromCart(removeSlot);
                removePending = false;
                return afterSlot(now);
            default:
                purchases++;
                purchaseIndex++;
                if (purchaseIndex < cartSize) {
                    // Further items of the same order are recorded within a second or two.
                    prepare(now + rng.nextInt(1_500), EventType.PURCHASE, cartProduct[purchaseIndex], cartCategory[purchaseIndex]);
                    return true;
                }
                return false;
        }
    }

    private boolean afterSlot(long now) {
        if (removePending && (removeCountdown <= 0 || viewsDone >= viewsTotal)) {
            prepare(now + gap(world.removeGapMedianMillis, 0.8), EventType.REMOVE_FROM_CART,
                    cartProduct[removeSlot], cartCategory[removeSlot]);
            return true;
        }
        if (viewsDone < viewsTotal) {
            nextView(now + viewGap());
            return true;
        }
        if (willConvert && phase == Phase.BROWSING) {
            phase = Phase.CHECKOUT;
            if (cartSize == 0) {
                addToCart(currentProduct, currentCategory);
                if (ringSize > 1 && rng.chance(0.07)) {
                    int other = (ringHead - 2 + RING) % RING;
                    addToCart(ringProduct[other], ringCategory[other]);
                }
            } else {
                keepOrderedItems();
            }
            purchaseIndex = 0;
            prepare(now + gap(world.checkoutGapMedianMillis, 0.7), EventType.PURCHASE, cartProduct[0], cartCategory[0]);
            return true;
        }
        return false;
    }

    private void nextView(long time) {
        if (bot) {
            int category = rng.chance(0.1) ? currentCategory : rng.nextInt(world.catalog.categoryCount());
            prepareView(time, world.catalog.uniformProduct(category, rng), category);
            return;
        }
        double repeat = Math.min(0.9, world.repeatViewProbability + 0.3 * intent);
        if (ringSize > 0 && rng.chance(repeat)) {
            int back = rng.chance(0.8) ? 0 : rng.nextInt(ringSize);
            int slot = (ringHead - 1 - back + 2 * RING) % RING;
            prepareView(time, ringProduct[slot], ringCategory[slot]);
            return;
        }
        int category = currentCategory;
        if (rng.chance(world.categorySwitchProbability * (1 - 0.5 * intent))) {
            category = rng.chance(0.3) ? favouriteCategory : world.catalog.randomCategory(rng);
        }
        prepareView(time, world.catalog.popularProduct(category, rng), category);
    }

    private void prepareView(long time, long product, int category) {
        currentProduct = product;
        currentCategory = category;
        if (ringSize == 0 || ringProduct[(ringHead - 1 + RING) % RING] != product) {
            ringProduct[ringHead] = product;
            ringCategory[ringHead] = category;
            ringHead = (ringHead + 1) % RING;
            ringSize = Math.min(RING, ringSize + 1);
        }
        prepare(time, EventType.VIEW, product, category);
    }

    private void prepare(long time, EventType type, long product, int category) {
        nextTime = time;
        nextType = type;
        nextProduct = product;
        nextCategory = category;
    }

    private void addToCart(long product, int category) {
        if (cartSize < CART_CAPACITY) {
            cartProduct[cartSize] = product;
            cartCategory[cartSize] = category;
            cartSize++;
        }
    }

    /**
     * Orders rarely take the whole cart (REES46: about 1.07 purchases per buying session): the latest
     * item is bought, earlier ones now and then; the rest stays in the cart.
     */
    private void keepOrderedItems() {
        int kept = 0;
        for (int i = 0; i < cartSize; i++) {
            if (i == cartSize - 1 || rng.chance(world.earlierCartItemBought)) {
                cartProduct[kept] = cartProduct[i];
                cartCategory[kept] = cartCategory[i];
                kept++;
            }
        }
        cartSize = kept;
    }

    private void removeFromCart(int slot) {
        for (int i = slot; i < cartSize - 1; i++) {
            cartProduct[i] = cartProduct[i + 1];
            cartCategory[i] = cartCategory[i + 1];
        }
        cartSize--;
    }

    private long viewGap() {
        if (bot) {
            return Math.max(50, (long) rng.logNormal(world.botGapMedianMillis, 0.5));
        }
        double millis = world.viewGapMedianMillis * speed * Math.exp(world.viewGapSpread * rng.nextGaussian());
        if (rng.chance(world.pauseProbability)) {
            // Now and then people leave the tab and come back: the long tail of gaps.
            millis += 60_000 + rng.nextDouble() * 420_000;
        }
        return Math.max(1_000, (long) millis);
    }

    private long gap(double medianMillis, double spread) {
        return Math.max(1_000, (long) (medianMillis * speed * Math.exp(spread * rng.nextGaussian())));
    }

    /** The price of the prepared event in cents. */
    long nextPriceCents() {
        long cents = world.catalog.priceCents(nextCategory, nextProduct);
        return priceFactor == 1.0 ? cents : Math.max(1, Math.round(cents * priceFactor));
    }

    boolean converted() {
        return purchases > 0;
    }
}
