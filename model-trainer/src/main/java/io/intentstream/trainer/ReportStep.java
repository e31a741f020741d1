package io.intentstream.trainer;

import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Step 8 of training: {@value #FILE} in the bundle directory, the page a person reads before shipping the model.
 * Every number it shows comes from the written bundle.json ({@code metrics}, {@code evaluation}, {@code training},
 * {@code calibration}); the curves and histograms are drawn from the test scores the evaluate step kept.
 */
final class ReportStep {
    static final String FILE = "report.html";

    /** Section ids, in page order, with their headings; the report test checks that each is on the page. */
    static final Map<String, String> SECTIONS = sections();

    private ReportStep() {}

    private static Map<String, String> sections() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("identity", "Bundle");
        s.put("data", "Data");
        s.put("ranking", "Ranking");
        s.put("calibration", "Calibration");
        s.put("distributions", "Score distributions");
        s.put("gain", "Gain and lift");
        s.put("early", "Early prediction");
        s.put("slices", "Slices");
        s.put("importance", "Feature importance");
        s.put("boosting", "Boosting");
        return s;
    }

    static Path run(ModelBundle bundle, EvaluateStep.TestScores scores, Path directory) throws IOException {
        BundleMetadata meta = bundle.metadata();
        Figures f = new Figures(meta, scores);
        ReportPage page = new ReportPage("Model " + meta.modelVersion,
                "Test side of a strict temporal split: sessions starting at or after " + meta.training.get("cutoff")
                        + ". Event level: every event before a session's first purchase; session level: the score at "
                        + "the last such event.", SECTIONS);
        ReportTables.identity(page.section("identity", SECTIONS.get("identity")), meta);
        ReportTables.data(page.section("data", SECTIONS.get("data")), meta);
        f.ranking(page.section("ranking", "Ranking: ROC and precision-recall (test sessions)"));
        f.calibration(page.section("calibration", "Calibration (test events)"));
        ReportTables.calibration(page, meta);
        f.distributions(page.section("distributions", "Score distributions by outcome (test events)"));
        f.gain(page.section("gain", "Cumulative gain and lift (test sessions)"));
        f.early(page.section("early", "Early prediction: AUC after k events (test events)"));
        ReportTables.early(page, meta);
        ReportTables.slices(page.section("slices", "Slices: session-level metrics where the model may fail"), meta);
        f.importance(page.section("importance", "Feature importance (trees up to the best round)"));
        f.boosting(page.section("boosting", "Boosting: evaluation metric by round"));
        Path file = directory.resolve(FILE);
        Files.writeString(file, page.finish(), StandardCharsets.UTF_8);
        return file;
    }

    /** Reads a number out of bundle.json's maps (Jackson gives Integer, Long or Double). */
    static double number(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    static String fixed3(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "n/a";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    static double[] doubles(Object list) {
        List<?> values = list == null ? List.of() : (List<?>) list;
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(values.get(i));
        }
        return out;
    }

    static List<Object> row(Object... cells) {
        return new ArrayList<>(java.util.Arrays.asList(cells));
    }
}
