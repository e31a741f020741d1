package io.intentstream.generator;

import java.nio.charset.StandardCharsets;

/**
 * The synthetic shop: categories with codes and 19-digit ids, brands, products with fixed prices and
 * a long-tailed popularity.
 *
 * <p>Derived from the catalog seed only, not the event seed, so data sets generated with different
 * event seeds (say a training and a test set) describe the same shop. Every product attribute is a
 * hash of the product id, so the catalog costs memory per category, never per product.
 */
final class Catalog {
    /** A named category: code, share of views, median price and log-scale price spread within it. */
    private static final class Spec {
        final String code;
        final double weight;
        final double medianPrice;
        final double priceSpread;

        Spec(String code, double weight, double medianPrice, double priceSpread) {
            this.code = code;
            this.weight = weight;
            this.medianPrice = medianPrice;
            this.priceSpread = priceSpread;
        }
    }

    // Shares and price levels chosen to resemble a general-merchandise shop dominated by electronics
    // and appliances (the calibration in docs/generator.md checks the result against REES46).
    private static final Spec[] NAMED = {
        new Spec("electronics.smartphone", 0.220, 320, 0.75),
        new Spec("electronics.audio.headphone", 0.035, 55, 0.80),
        new Spec("electronics.video.tv", 0.030, 420, 0.60),
        new Spec("electronics.clocks", 0.030, 160, 0.80),
        new Spec("electronics.tablet", 0.015, 210, 0.60),
        new Spec("electronics.audio.speaker", 0.010, 65, 0.90),
        new Spec("electronics.camera.photo", 0.008, 420, 0.80),
        new Spec("electronics.telephone", 0.005, 35, 0.50),
        new Spec("electronics.audio.microphone", 0.004, 55, 0.80),
        new Spec("appliances.kitchen.refrigerators", 0.020, 430, 0.50),
        new Spec("appliances.kitchen.washer", 0.020, 290, 0.40),
        new Spec("appliances.environment.vacuum", 0.020, 110, 0.70),
        new Spec("appliances.kitchen.microwave", 0.010, 80, 0.40),
        new Spec("appliances.environment.water_heater", 0.010, 95, 0.60),
        new Spec("appliances.personal.hair_cutter", 0.010, 38, 0.60),
        new Spec("appliances.kitchen.kettle", 0.010, 32, 0.50),
        new Spec("appliances.iron", 0.010, 35, 0.50),
        new Spec("appliances.sewing_machine", 0.005, 160, 0.50),
        new Spec("appliances.environment.air_conditioner", 0.005, 420, 0.40),
        new Spec("computers.notebook", 0.035, 600, 0.60),
        new Spec("computers.desktop", 0.008, 700, 0.70),
        new Spec("computers.peripherals.monitor", 0.006, 180, 0.60),
        new Spec("computers.peripherals.printer", 0.004, 150, 0.70),
        new Spec("computers.components.videocards", 0.004, 330, 0.80),
        new Spec("furniture.living_room.sofa", 0.012, 420, 0.60),
        new Spec("furniture.bedroom.bed", 0.008, 230, 0.60),
        new Spec("furniture.living_room.chair", 0.006, 90, 0.60),
        new Spec("furniture.kitchen.table", 0.005, 150, 0.50),
        new Spec("apparel.shoes", 0.015, 75, 0.45),
        new Spec("apparel.trousers", 0.008, 55, 0.40),
        new Spec("apparel.jacket", 0.007, 110, 0.50),
        new Spec("auto.accessories.player", 0.010, 90, 0.50),
        new Spec("auto.accessories.videoregister", 0.010, 80, 0.50),
        new Spec("auto.accessories.compressor", 0.008, 45, 0.50),
        new Spec("construction.tools.drill", 0.008, 85, 0.60),
        new Spec("construction.tools.saw", 0.004, 120, 0.60),
        new Spec("construction.components.faucet", 0.004, 60, 0.70),
        new Spec("kids.toys", 0.006, 45, 0.80),
        new Spec("kids.carriage", 0.004, 260, 0.50),
        new Spec("accessories.bag", 0.007, 60, 0.60),
        new Spec("sport.bicycle", 0.005, 300, 0.80),
    };
    /** Real shops have many categories without a readable code; a third of views land there. */
    private static final int UNNAMED_CATEGORIES = 150;
    private static final double UNNAMED_WEIGHT = 0.33;
    private static final double UNNAMED_MEDIAN_PRICE = 90;
    private static final double UNNAMED_MEDIAN_SPREAD = 0.9;
    private static final double UNNAMED_PRICE_SPREAD = 0.8;
    private static final double NO_BRAND_SHARE = 0.14;
    private static final int BRAND_POOL = 600;
    private static final long PRODUCT_ID_BASE = 1_000_000L;
    private static final long PRIME = 1_000_003L;

    private final long seed;
    private final int categoryCount;
    private final double[] cumulativeWeight;
    private final double[] medianPrice;
    private final double[] priceSpread;
    private final int[] productCount;
    private final long[] productBase;
    private final byte[][] categoryIdBytes;
    private final byte[][] categoryCodeBytes;
    private final String[] categoryIds;
    private final String[] categoryCodes;
    private final byte[][][] brandBytes;
    private final String[][] brands;
    private final double[] logProducts;

    Catalog(long catalogSeed, int products) {
        this.seed = catalogSeed;
        Rng rng = new Rng(Rng.derive(catalogSeed, 0xCA7A106L, 0));
        categoryCount = NAMED.length + UNNAMED_CATEGORIES;
        cumulativeWeight = new double[categoryCount];
        medianPrice = new double[categoryCount];
        priceSpread = new double[categoryCount];
        productCount = new int[categoryCount];
        productBase = new long[categoryCount];
        categoryIdBytes = new byte[categoryCount][];
        categoryCodeBytes = new byte[categoryCount][];
        categoryIds = new String[categoryCount];
        categoryCodes = new String[categoryCount];
        brandBytes = new byte[categoryCount][][];
        brands = new String[categoryCount][];
        logProducts = new double[categoryCount];

        double[] weight = new double[categoryCount];
        for (int c = 0; c < NAMED.length; c++) {
            weight[c] = NAMED[c].weight;
            medianPrice[c] = NAMED[c].medianPrice;
            priceSpread[c] = NAMED[c].priceSpread;
            categoryCodes[c] = NAMED[c].code;
        }
        // Unnamed categories get Zipf-like shares so a few of them are busy and most are quiet.
        double harmonic = 0;
        for (int i = 1; i <= UNNAMED_CATEGORIES; i++) {
            harmonic += 1.0 / i;
        }
        for (int i = 0; i < UNNAMED_CATEGORIES; i++) {
            int c = NAMED.length + i;
            weight[c] = UNNAMED_WEIGHT / (i + 1) / harmonic;
            medianPrice[c] = rng.logNormal(UNNAMED_MEDIAN_PRICE, UNNAMED_MEDIAN_SPREAD);
            priceSpread[c] = UNNAMED_PRICE_SPREAD;
        }
        String[] brandPool = new String[BRAND_POOL];
        for (int i = 0; i < BRAND_POOL; i++) {
            brandPool[i] = brandName(rng);
        }
        double total = 0;
        for (double w : weight) {
            total += w;
        }
        double running = 0;
        long nextBase = PRODUCT_ID_BASE;
        for (int c = 0; c < categoryCount; c++) {
            running += weight[c] / total;
            cumulativeWeight[c] = running;
            productCount[c] = (int) Math.max(30, Math.round(products * weight[c] / total));
            productBase[c] = nextBase;
            nextBase += productCount[c];
            logProducts[c] = Math.log(productCount[c] + 1.0);
            // 19 digits like REES46 ids; the stride keeps them distinct whatever the hash adds.
            long id = (c < NAMED.length ? 2_053_013_552_000_000_000L : 2_103_807_459_000_000_000L)
                    + c * 1_000_003_733L + (rng.nextLong() & 0xFFFFF);
            categoryIds[c] = Long.toString(id);
            categoryIdBytes[c] = ascii(categoryIds[c]);
            categoryCodeBytes[c] = categoryCodes[c] == null ? null : ascii(categoryCodes[c]);
            int brandCount = 3 + (int) Math.round(40 * Math.sqrt(weight[c] / total));
            brands[c] = new String[brandCount];
            brandBytes[c] = new byte[brandCount][];
            for (int b = 0; b < brandCount; b++) {
                brands[c][b] = brandPool[rng.nextInt(BRAND_POOL)];
                brandBytes[c][b] = ascii(brands[c][b]);
            }
        }
        cumulativeWeight[categoryCount - 1] = 1.0;
    }

    private static final String[] ONSETS = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kr", "st", "tr"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ay", "io"};
    private static final String[] CODAS = {"", "", "", "n", "r", "x", "s", "l"};

    /** A pronounceable invented brand name; invented so no real trademark is implied. */
    private static String brandName(Rng rng) {
        StringBuilder sb = new StringBuilder();
        int syllables = 2 + rng.nextInt(2);
        for (int i = 0; i < syllables; i++) {
            sb.append(ONSETS[rng.nextInt(ONSETS.length)]).append(VOWELS[rng.nextInt(VOWELS.length)]);
        }
        sb.append(CODAS[rng.nextInt(CODAS.length)]);
        return sb.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    int categoryCount() {
        return categoryCount;
    }

    /** A category drawn by share of views. */
    int randomCategory(Rng rng) {
        return rng.pick(cumulativeWeight);
    }

    /** A product of the category with popularity falling as 1/rank (log-uniform rank). */
    long popularProduct(int category, Rng rng) {
        int n = productCount[category];
        int rank = (int) Math.min(n - 1, (long) Math.exp(rng.nextDouble() * logProducts[category]) - 1);
        // Scramble rank into a position so popular products do not all have the smallest ids.
        int position = (int) ((rank * PRIME) % n);
        return productBase[category] + position;
    }

    /** Any product of the category with equal probability (crawlers do not follow popularity). */
    long uniformProduct(int category, Rng rng) {
        return productBase[category] + rng.nextInt(productCount[category]);
    }

    /** The list price in cents: fixed per product, log-normal around the category median. */
    long priceCents(int category, long productId) {
        double z = Rng.gaussianFromHash(Rng.mix(productId * 0x9E3779B97F4A7C15L ^ seed));
        double price = medianPrice[category] * Math.exp(priceSpread[category] * z);
        return Math.max(49, Math.round(price * 100));
    }

    /** The brand index within the category, or -1 for a product sold without a brand. */
    int brand(int category, long productId) {
        long h = Rng.mix(productId ^ (seed * 0xC2B2AE3D27D4EB4FL));
        double u = Rng.unit(h);
        if (u < NO_BRAND_SHARE) {
            return -1;
        }
        // Squaring skews brands towards the first ones: a few brands dominate each category.
        double v = (u - NO_BRAND_SHARE) / (1 - NO_BRAND_SHARE);
        return Math.min(brands[category].length - 1, (int) (v * v * brands[category].length));
    }

    byte[] categoryIdBytes(int category) {
        return categoryIdBytes[category];
    }

    /** The category code, or {@code null} for unnamed categories. */
    byte[] categoryCodeBytes(int category) {
        return categoryCodeBytes[category];
    }

    byte[] brandBytes(int category, int brand) {
        return brandBytes[category][brand];
    }

    String categoryId(int category) {
        return categoryIds[category];
    }

    String categoryCode(int category) {
        return categoryCodes[category];
    }

    String brandName(int category, int brand) {
        return brands[category][brand];
    }
}
