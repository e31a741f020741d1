package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html of the user-level targets, trained on the REES46 sample: every section of its target, the figures
 * quoting the numbers in bundle.json, and a page headless Chromium renders without errors.
 */
class UserTargetReportTest {
    @TempDir
    Path tmp;

    private Path train(String target, String... more) throws Exception {
        Path out = tmp.resolve(target);
        String[] base = {"--input", TrainerTestSupport.SAMPLE_EVENTS.toString(), "--format", "rees46", "--target", target,
            "--output", out.toString(), "--rounds", "40", "--threads", "1", "--model-version", target};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        UserTargetTrainer.run(Trainer.options().parse(args));
        return out;
    }

    private static double attribute(Document page, String figure, String name) {
        Element f = page.getElementById(figure);
        assertThat(f).as("figure %s", figure).isNotNull();
        return Double.parseDouble(f.attr("data-" + name));
    }

    @Test
    void repeatPurchaseReportShowsRankingAndCalibrationAgainstTheBaseline() throws Exception {
        Path bundle = train("repeat-purchase", "--horizon", "5m", "--cutoff-quantile", "0.3", "--validation-fraction", "0");
        BundleMetadata meta = ModelBundle.read(bundle).metadata();
        Path report = bundle.resolve(ReportStep.FILE);
        Document page = Jsoup.parse(report.toFile(), "UTF-8");

        for (String id : UserTargetReport.sections(Target.REPEAT_PURCHASE).keySet()) {
            assertThat(page.getElementById(id)).as("section %s", id).isNotNull();
        }
        Map<String, Double> model = meta.metrics.get("test_purchases");
        Map<String, Double> baseline = meta.metrics.get("baseline_has_purchased_before_test");
        assertThat(attribute(page, "fig-roc", "model-roc-auc")).isEqualTo(model.get("roc_auc"));
        assertThat(attribute(page, "fig-roc", "baseline-roc-auc")).isEqualTo(baseline.get("roc_auc"));
        assertThat(attribute(page, "fig-pr", "model-pr-auc")).isEqualTo(model.get("pr_auc"));
        assertThat(attribute(page, "fig-reliability", "ece")).isEqualTo(model.get("ece"));
        assertThat(page.getElementById("metrics-table").text()).contains("roc_auc");

        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        ReportTest.Run dom = ReportTest.chromium(profile, "--dump-dom", report.toUri().toString());
        assertThat(dom.exitCode()).as(dom.stderr()).isZero();
        assertThat(dom.stderr()).doesNotContain("CONSOLE").doesNotContain("Uncaught");
        Document rendered = Jsoup.parse(dom.stdout());
        assertThat(rendered.select("figure svg")).hasSameSizeAs(page.select("figure")).hasSize(4);
    }

    @Test
    void nextPurchaseReportShowsPredictedAgainstObservedDaysAndTheCensoredCount() throws Exception {
        Path bundle = train("next-purchase-days", "--validation-fraction", "0");
        BundleMetadata meta = ModelBundle.read(bundle).metadata();
        Document page = Jsoup.parse(bundle.resolve(ReportStep.FILE).toFile(), "UTF-8");

        for (String id : UserTargetReport.sections(Target.NEXT_PURCHASE_DAYS).keySet()) {
            assertThat(page.getElementById(id)).as("section %s", id).isNotNull();
        }
        assertThat(page.getElementById("ranking")).isNull();
        Map<String, Double> model = meta.metrics.get("test_purchases");
        assertThat(attribute(page, "fig-days", "c-index")).isEqualTo(model.get("c_index"));
        assertThat(attribute(page, "fig-days", "uncensored")).isEqualTo(model.get("uncensored"));
        assertThat(attribute(page, "fig-days", "uncensored") + attribute(page, "fig-days", "censored"))
                .isEqualTo(model.get("examples"));
    }
}
