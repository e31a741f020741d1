// Produces model.json and expected-margins.csv in this directory with XGBoost4J 1.7.4 (not the 2.1.4 the
// project uses), to test that a model trained elsewhere can be imported. Not compiled by the build; run once
// with a single-file launch, from this directory:
//
//   R=~/.m2/repository
//   java -cp $R/ml/dmlc/xgboost4j_2.12/1.7.4/xgboost4j_2.12-1.7.4.jar:$R/org/scala-lang/scala-library/2.12.17/scala-library-2.12.17.jar:$R/commons-logging/commons-logging/1.2/commons-logging-1.2.jar:$R/com/esotericsoftware/kryo/4.0.2/kryo-4.0.2.jar \
//       TrainWithXGBoost174.java
//
// (mvn dependency:get -Dartifact=ml.dmlc:xgboost4j_2.12:1.7.4, org.scala-lang:scala-library:2.12.17 and
// com.esotericsoftware:kryo:4.0.2 fetch them.)

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

public class TrainWithXGBoost174 {
    static final String[] FEATURES = {"event_count", "view_count", "cart_count", "remove_count", "distinct_products",
        "distinct_categories", "distinct_brands", "session_age_s", "secs_since_prev_event", "mean_gap_s",
        "cart_to_view_ratio", "cart_value", "max_view_price", "mean_view_price", "price", "price_vs_mean_view_price",
        "is_view", "is_cart", "is_remove_from_cart", "is_purchase", "product_views", "secs_since_product_last_viewed",
        "product_in_cart", "hour_of_day", "day_of_week", "is_weekend"};

    /** Session-like rows: small counts, heavy-tailed times and prices, flags, 10% missing. */
    static float[] rows(int n, long seed) {
        Random r = new Random(seed);
        float[] data = new float[n * FEATURES.length];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < FEATURES.length; f++) {
                float v;
                if (f < 7) {
                    v = r.nextInt(20);
                } else if (f < 10) {
                    v = (float) Math.exp(r.nextGaussian() * 2 + 3);
                } else if (f < 16) {
                    v = (float) Math.exp(r.nextGaussian() + 4) / (f == 10 ? 100 : 1);
                } else if (f < 20 || f == 22 || f == 25) {
                    v = r.nextInt(2);
                } else {
                    v = r.nextInt(24);
                }
                data[i * FEATURES.length + f] = r.nextDouble() < 0.1 ? Float.NaN : v;
            }
        }
        return data;
    }

    public static void main(String[] args) throws Exception {
        int n = 5_000;
        int width = FEATURES.length;
        float[] train = rows(n, 1);
        float[] labels = new float[n];
        Random r = new Random(2);
        for (int i = 0; i < n; i++) {
            float carts = train[i * width + 2];
            double logit = -3 + 0.4 * (Float.isNaN(carts) ? 0 : carts) + r.nextGaussian();
            labels[i] = r.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
        }
        DMatrix matrix = new DMatrix(train, n, width, Float.NaN);
        matrix.setLabel(labels);
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "binary:logistic");
        params.put("max_depth", 4);
        params.put("eta", 0.3);
        params.put("tree_method", "hist");
        params.put("nthread", 1);
        params.put("seed", 7);
        Booster booster = XGBoost.train(matrix, params, 20, new HashMap<>(), null, null);
        booster.saveModel("model.json");
        // XGBoost4J 1.7 cannot name a booster's features (Python's booster.feature_names can); write the names
        // into the saved model where XGBoost keeps them, learner.feature_names, as Python would have.
        String json = Files.readString(Path.of("model.json"));
        String names = "\"" + String.join("\",\"", FEATURES) + "\"";
        if (!json.contains("\"feature_names\":[]")) {
            throw new IllegalStateException("no empty feature_names in the saved model");
        }
        Files.writeString(Path.of("model.json"), json.replace("\"feature_names\":[]", "\"feature_names\":[" + names + "]"));

        float[] probe = rows(1_000, 3);
        DMatrix probes = new DMatrix(probe, 1_000, width, Float.NaN);
        float[][] margins = booster.predict(probes, true);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of("expected-margins.csv")))) {
            out.println("# 1,000 rows of 26 features (NaN: missing), then the margin XGBoost4J 1.7.4 computed");
            for (int i = 0; i < 1_000; i++) {
                StringBuilder line = new StringBuilder();
                for (int f = 0; f < width; f++) {
                    line.append(Float.floatToRawIntBits(probe[i * width + f])).append(',');
                }
                out.println(line.append(Float.floatToRawIntBits(margins[i][0])));
            }
        }
    }
}
