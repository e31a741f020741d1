package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html of a bundle trained on the REES46 sample: rendered by headless Chromium without errors, every section
 * there, and the figures quoting exactly the numbers bundle.json holds. Needs the Debian package {@code chromium}
 * ({@code .ci/run} installs it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("INTENTSTREAM_CHROMIUM", "/usr/bin/chromium"));

    /** Static: a per-class directory, ready before {@code @BeforeAll} trains into it. */
    @TempDir
    static Path tmp;
    private Path bundleDir;
    private Path report;
    private BundleMetadata meta;
    private Document page;

    @BeforeAll
    void train() throws Exception {
        bundleDir = tmp.resolve("bundle");
        Trainer.Result result = Trainer.run(Trainer.options().parse(new String[] {
            "--input", TrainerTestSupport.SAMPLE_EVENTS.toString(), "--format", "rees46", "--output", bundleDir.toString(),
            "--threads", "1", "--model-version", "report-test"}));
        report = result.report;
        meta = ModelBundle.read(bundleDir).metadata();
        page = Jsoup.parse(report.toFile(), "UTF-8");
    }

    @Test
    void theReportIsInTheBundleDirectoryWithEverySection() {
        assertThat(report).isEqualTo(bundleDir.resolve("report.html"));
        for (String id : ReportStep.SECTIONS.keySet()) {
            Element section = page.getElementById(id);
            assertThat(section).as("section %s", id).isNotNull();
            assertThat(section.tagName()).isEqualTo("section");
            assertThat(section.selectFirst("h2")).as("heading of %s", id).isNotNull();
            assertThat(page.select("nav a[href='#" + id + "']")).as("link to %s", id).hasSize(1);
        }
        for (Element figure : page.select("figure")) {
            assertThat(figure.select("svg text")).as("text in %s", figure.id()).isNotEmpty();
            assertThat(figure.select("svg path, svg line, svg rect, svg polyline")).as("marks in %s", figure.id())
                    .isNotEmpty();
            assertThat(figure.selectFirst("figcaption")).isNotNull();
        }
        assertThat(page.select("figure").eachAttr("id")).contains("fig-roc", "fig-pr", "fig-reliability",
                "fig-histogram", "fig-gain", "fig-lift", "fig-early", "fig-importance-gain", "fig-importance-cover",
                "fig-boosting");
        assertThat(page.select("#slices table").eachAttr("id")).contains("slice-device", "slice-channel",
                "slice-session_length", "slice-hour_of_day", "slice-user");
    }

    @Test
    void theFiguresQuoteTheNumbersInBundleJson() {
        Map<String, Map<String, Double>> m = meta.metrics;
        assertFigure("fig-roc", "model-roc-auc", m.get("test_sessions").get("roc_auc"));
        assertFigure("fig-roc", "baseline-roc-auc", m.get("baseline_has_cart_test_sessions").get("roc_auc"));
        assertFigure("fig-pr", "model-pr-auc", m.get("test_sessions").get("pr_auc"));
        assertFigure("fig-pr", "baseline-pr-auc", m.get("baseline_has_cart_test_sessions").get("pr_auc"));
        assertFigure("fig-reliability", "ece", m.get("test_events").get("ece"));
        assertFigure("fig-reliability", "brier", m.get("test_events").get("brier"));
        for (Map<String, Object> k : ReportStep.list(meta.evaluation.get("auc_by_events_seen"))) {
            Object auc = k.get("roc_auc");
            if (auc != null) {
                double v = ((Number) auc).doubleValue();
                assertThat(Double.parseDouble(page.getElementById("fig-early").attr("data-roc-auc-after-" + k.get("events"))))
                        .isEqualTo(v);
                assertThat(page.getElementById("early-table").text()).contains(ReportPage.format(v));
            }
        }
        Map<String, Object> boosting = ReportStep.map(meta.evaluation.get("boosting"));
        assertThat(page.getElementById("fig-boosting").attr("data-best-iteration")).isEqualTo(String.valueOf(meta.bestIteration));
        assertThat(page.getElementById("fig-boosting").attr("data-rounds-run"))
                .isEqualTo(String.valueOf(meta.numBoostedRounds));
        assertThat(((List<?>) boosting.get("validation"))).hasSize(meta.numBoostedRounds);
        assertThat(page.getElementById("fig-boosting").text()).contains("best round " + meta.bestIteration);
        assertFigure("fig-lift", "lift-top-10",
                ((Number) ((List<?>) ReportStep.map(meta.evaluation.get("lift_by_decile")).get("model")).get(0)).doubleValue());
        Map<String, Object> topGain = ReportStep.list(meta.evaluation.get("feature_importance")).stream()
                .filter(e -> e.get("gain") != null)
                .max(Comparator.comparingDouble(e -> ((Number) e.get("gain")).doubleValue())).orElseThrow();
        assertThat(page.getElementById("fig-importance-gain").attr("data-top-feature")).isEqualTo(topGain.get("feature"));
        assertThat(Double.parseDouble(page.getElementById("fig-importance-gain").attr("data-top-gain")))
                .isEqualTo(((Number) topGain.get("gain")).doubleValue());
        // Each slice of bundle.json is a row of its table.
        for (Map<String, Object> s : ReportStep.list(meta.evaluation.get("slices"))) {
            Element table = page.getElementById("slice-" + s.get("dimension"));
            assertThat(table.select("tr td:first-child").eachText()).contains(String.valueOf(s.get("value")));
        }
        assertThat(page.getElementById("identity-table").text()).contains(meta.modelVersion, meta.boosterSha256,
                meta.xgboostVersion);
    }

    /** The attribute holds the bundle.json number exactly, and the figure's SVG shows it to three decimals. */
    private void assertFigure(String figureId, String attribute, double expected) {
        Element figure = page.getElementById(figureId);
        assertThat(Double.parseDouble(figure.attr("data-" + attribute))).as("%s %s", figureId, attribute)
                .isEqualTo(expected);
        String shown = String.format(java.util.Locale.ROOT, "%.3f", expected);
        assertThat(figure.select("svg").text() + " " + figure.select("figcaption").text())
                .as("%s shows %s", figureId, shown).contains(shown);
    }

    @Test
    void thePageNeedsNothingFromOutsideTheFile() throws IOException {
        String html = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(page.select("script, link, iframe, img, object, embed")).isEmpty();
        for (Element e : page.getAllElements()) {
            for (org.jsoup.nodes.Attribute a : e.attributes()) {
                if (a.getKey().equals("href") || a.getKey().equals("src") || a.getKey().endsWith(":href")) {
                    assertThat(a.getValue()).as("%s of <%s>", a.getKey(), e.tagName()).startsWith("#");
                }
            }
        }
        assertThat(html).doesNotContain("url(http").doesNotContain("@import");
        // A NaN coordinate is invalid SVG (Chromium complains and skips the mark).
        assertThat(page.select("svg").outerHtml()).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void headlessChromiumRendersItWithoutErrors() throws Exception {
        assertThat(CHROMIUM).as("headless Chromium (Debian package chromium, as .ci/run installs)").isExecutable();
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);

        Run dom = chromium(profile, "--dump-dom", report.toUri().toString());
        Run shot = chromium(profile, "--screenshot=" + screenshot, "--window-size=1280,9000", report.toUri().toString());

        assertThat(dom.exitCode()).as(dom.stderr()).isZero();
        assertThat(shot.exitCode()).as(shot.stderr()).isZero();
        for (Run run : List.of(dom, shot)) {
            // Chromium logs console messages and uncaught errors of the page as CONSOLE lines.
            assertThat(run.stderr()).doesNotContain("CONSOLE").doesNotContain("Uncaught");
        }
        Document rendered = Jsoup.parse(dom.stdout());
        for (String id : ReportStep.SECTIONS.keySet()) {
            assertThat(rendered.getElementById(id)).as("rendered section %s", id).isNotNull();
        }
        assertThat(rendered.select("figure svg")).hasSameSizeAs(page.select("figure"));
        assertThat(rendered.select("figure")).hasSizeGreaterThanOrEqualTo(10);
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).as("a screenshot with content").isGreaterThan(50_000);
    }

    record Run(int exitCode, String stdout, String stderr) {}

    /** Headless Chromium with a fresh profile, its output and console lines captured (also for UserTargetReportTest). */
    static Run chromium(Path profile, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        // Read both streams while it runs, so neither fills its pipe and blocks Chromium.
        var out = new java.util.concurrent.CompletableFuture<String>();
        var err = new java.util.concurrent.CompletableFuture<String>();
        new Thread(() -> out.complete(read(p.getInputStream()))).start();
        new Thread(() -> err.complete(read(p.getErrorStream()))).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + command);
        }
        return new Run(p.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "cannot read: " + e;
        }
    }
}
