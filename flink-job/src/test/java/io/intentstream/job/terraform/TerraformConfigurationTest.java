package io.intentstream.job.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.job.JobTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * terraform/ checked offline (no Terraform binary or providers can be downloaded here): parsed with HashiCorp's
 * HCL2 parser and held to {@link TerraformChecks}. Each check is also shown to fail, on a copy of the tree
 * broken in one place.
 */
class TerraformConfigurationTest {
    private static final Path TERRAFORM = JobTestSupport.REPO.resolve("terraform");
    private static final Path TOOL = TERRAFORM.resolve("test");

    @Test
    void terraformTreePassesEveryCheck() throws Exception {
        HclTree tree = HclTree.parse(TERRAFORM, TOOL);

        assertThat(tree.files).containsKeys("main.tf", "variables.tf", "outputs.tf", "terraform.tfvars.example",
                "modules/streams/main.tf", "modules/storage/main.tf", "modules/iam/main.tf", "modules/emr/main.tf",
                "modules/managed_flink/main.tf");
        assertThat(TerraformChecks.all(tree)).isEmpty();
    }

    static Stream<Arguments> brokenCopies() {
        return Stream.of(
                broken("a wildcard action", "modules/iam/main.tf", "\"kinesis:GetRecords\"", "\"kinesis:*\"",
                        "statement ReadEventStream: wildcard action kinesis:*"),
                broken("an unknown job option", "modules/streams/main.tf", "\"kinesis-scores-stream\"", "\"kinesis-score-stream\"",
                        "modules/streams local.kinesis_job_options: unknown option --kinesis-score-stream"),
                broken("an option value of the wrong type", "terraform.tfvars.example", "\"5s\"", "\"five seconds\"",
                        "terraform.tfvars.example extra_job_options: option --max-out-of-orderness: cannot read 'five seconds'"),
                broken("an option Managed Flink owns", "main.tf", "\"archive\" ", "\"parallelism\" = \"4\"\n    \"archive\" ",
                        "Managed Flink property IntentStreamJob.parallelism is not allowed there"),
                broken("a property group the job does not read", "modules/managed_flink/main.tf", "= \"IntentStreamJob\"",
                        "= \"JobOptions\"", "must pass var.job_options as the property group IntentStreamJob"),
                broken("an undeclared variable", "modules/streams/main.tf", "var.retention_hours", "var.retention_hour",
                        "modules/streams/main.tf: undeclared variable var.retention_hour"),
                broken("an unused variable", "modules/emr/variables.tf", "variable \"tags\"", "variable \"unused\" {\n  type = string\n}\n\nvariable \"tags\"",
                        "modules/emr: variable unused is declared but never used"),
                broken("a module input the module does not declare", "main.tf", "  kafka_topics            = var.kafka_topics\n",
                        "  kafka_topics            = var.kafka_topics\n  kafka_topic             = var.kafka_topics\n",
                        "module streams is given kafka_topic, which modules/streams does not declare"),
                broken("a resource without the common tags", "modules/streams/main.tf", "  tags = var.tags\n", "",
                        "resource aws_kinesis_stream.this does not carry the common tags"),
                broken("a name not derived from name_prefix", "modules/managed_flink/main.tf", "\"${var.name_prefix}-scoring\"", "\"scoring\"",
                        "aws_kinesisanalyticsv2_application.this has name \"scoring\", not derived from var.name_prefix"),
                broken("a wildcard resource without its comment", "modules/iam/main.tf",
                        "  # DescribeLogGroups lists the account's log groups: it has no narrower resource than all of them.\n", "",
                        "statement FindLogGroup: wildcard resource"),
                broken("a wildcard resource", "modules/iam/main.tf", "resources = var.output_stream_arns", "resources = [\"*\"]",
                        "statement WriteResultStreams: wildcard resource [*]"),
                broken("a bucket open to public policies", "modules/storage/main.tf", "block_public_policy     = true",
                        "block_public_policy     = false", "bucket aws_s3_bucket.this lacks a public access block"),
                broken("a bucket without encryption", "modules/storage/main.tf", "sse_algorithm = \"AES256\"", "sse_algorithm = \"none\"",
                        "bucket aws_s3_bucket.this lacks default encryption"),
                broken("a missing flink-conf file", "main.tf", "flink-conf/cluster/config.yaml", "flink-conf/cluster/missing.yaml",
                        "main.tf: reads ../flink-conf/cluster/missing.yaml, which does not exist"),
                broken("a file out of fmt layout", "providers.tf", "  region = var.region", "  region    = var.region",
                        "providers.tf: not in terraform fmt layout"));
    }

    private static Arguments broken(String what, String file, String from, String to, String expectedProblem) {
        return Arguments.of(what, file, from, to, expectedProblem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCopies")
    void brokenCopyFailsItsCheck(String what, String file, String from, String to, String expectedProblem, @TempDir Path dir)
            throws Exception {
        Path copy = copyOfTheTree(dir);
        Path target = copy.resolve(file);
        String text = Files.readString(target);
        assertThat(text).as("%s: the text to break is in %s", what, file).contains(from);
        Files.writeString(target, text.replace(from, to));

        List<String> problems = TerraformChecks.all(HclTree.parse(copy, TOOL));

        assertThat(problems).as("problems found in a copy with %s", what).anySatisfy(p -> assertThat(p).contains(expectedProblem));
    }

    @Test
    void missingParserFailsWithTheInstallCommand(@TempDir Path dir) {
        assertThatThrownBy(() -> HclTree.parse(TERRAFORM, dir))
                .hasMessageContaining("the HCL parser is not installed")
                .hasMessageContaining("npm ci --ignore-scripts --no-audit --no-fund --prefix terraform/test");
    }

    /** terraform/ without its test tooling, next to the flink-conf file the EMR module reads. */
    private static Path copyOfTheTree(Path dir) throws IOException {
        Path copy = dir.resolve("terraform");
        try (Stream<Path> paths = Files.walk(TERRAFORM)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path relative = TERRAFORM.relativize(source);
                if (relative.startsWith("test") || relative.startsWith(".terraform")) {
                    continue;
                }
                Path target = copy.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Path flinkConf = dir.resolve("flink-conf/cluster/config.yaml");
        Files.createDirectories(flinkConf.getParent());
        Files.copy(JobTestSupport.REPO.resolve("flink-conf/cluster/config.yaml"), flinkConf);
        return copy;
    }
}
