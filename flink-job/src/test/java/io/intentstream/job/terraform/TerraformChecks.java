package io.intentstream.job.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code terraform validate} and a reviewer would check, done on the parsed tree because neither the
 * Terraform binary nor its providers can be downloaded here: variables, module wiring, tags, names, S3
 * protection, layout. Each problem names the file and what is wrong.
 */
final class TerraformChecks {
    private static final Pattern VAR = Pattern.compile("\\bvar\\.([A-Za-z_][A-Za-z0-9_-]*)");
    private static final Pattern FILE_REF = Pattern.compile("file\\(\"\\$\\{path\\.module\\}/([^\"]+)\"\\)");
    private static final Set<String> MODULE_META = Set.of("source", "count", "for_each", "depends_on", "providers", "version");

    /** Resource types the AWS provider gives no tags argument. */
    private static final Set<String> UNTAGGABLE = Set.of("aws_s3_bucket_public_access_block",
            "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning",
            "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy",
            "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_cloudwatch_log_stream");
    /** Resource types whose name lives inside a parent that already carries the prefix. */
    private static final Set<String> NAMED_INSIDE_PARENT = Set.of("aws_cloudwatch_log_stream");
    /** The attributes that name a resource; elsewhere "bucket" only refers to a bucket. */
    private static final List<String> NAME_ATTRIBUTES = List.of("name", "name_prefix");

    private TerraformChecks() {}

    static List<String> all(HclTree tree) {
        List<String> problems = new ArrayList<>();
        problems.addAll(layout(tree));
        problems.addAll(variables(tree));
        problems.addAll(moduleCalls(tree));
        problems.addAll(tags(tree));
        problems.addAll(names(tree));
        problems.addAll(buckets(tree));
        problems.addAll(fileReferences(tree));
        problems.addAll(PolicyChecks.all(tree));
        problems.addAll(JobOptionChecks.all(tree));
        return problems;
    }

    static List<String> layout(HclTree tree) {
        List<String> problems = new ArrayList<>();
        for (String file : tree.unformatted) {
            problems.add(file + ": not in terraform fmt layout (run `node terraform/test/hcl.js fmt terraform`)");
        }
        return problems;
    }

    /** In each module: every variable used is declared, every declared one is used; tfvars set only declared ones. */
    static List<String> variables(HclTree tree) {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> declared = declaredVariables(tree);
        tree.modules().forEach((module, files) -> {
            Set<String> used = new TreeSet<>();
            for (String file : files) {
                tree.files.get(file).fields().forEachRemaining(section -> {
                    // A variable's own validation refers to itself: that is not a use.
                    if (!section.getKey().equals("variable")) {
                        for (String s : HclTree.strings(section.getValue())) {
                            Matcher m = VAR.matcher(s);
                            while (m.find()) {
                                if (!used.contains(m.group(1)) && !declared.getOrDefault(module, Set.of()).contains(m.group(1))) {
                                    problems.add(file + ": undeclared variable var." + m.group(1));
                                }
                                used.add(m.group(1));
                            }
                        }
                    }
                });
            }
            for (String variable : declared.getOrDefault(module, Set.of())) {
                if (!used.contains(variable)) {
                    problems.add(label(module) + ": variable " + variable + " is declared but never used");
                }
            }
        });
        tree.files.forEach((file, body) -> {
            if (!file.endsWith(".tf")) {
                body.fieldNames().forEachRemaining(name -> {
                    if (!declared.getOrDefault(HclTree.moduleOf(file), Set.of()).contains(name)) {
                        problems.add(file + ": sets undeclared variable " + name);
                    }
                });
            }
        });
        return problems;
    }

    /** Module inputs are declared by the module, its required variables are given, and it gets the prefix and tags. */
    static List<String> moduleCalls(HclTree tree) {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> declared = declaredVariables(tree);
        Map<String, Set<String>> required = new HashMap<>();
        tree.blocks("variable", (file, v) -> {
            if (!v.body.has("default")) {
                required.computeIfAbsent(HclTree.moduleOf(file), m -> new TreeSet<>()).add(v.name);
            }
        });
        tree.blocks("module", (file, call) -> {
            String target = Path.of(HclTree.moduleOf(file)).resolve(call.body.path("source").asText()).normalize().toString();
            if (!declared.containsKey(target)) {
                problems.add(file + ": module " + call.name + " has source " + call.body.path("source").asText() + ", not a module of this tree");
                return;
            }
            Set<String> given = new TreeSet<>();
            call.body.fieldNames().forEachRemaining(input -> {
                if (!MODULE_META.contains(input)) {
                    given.add(input);
                    if (!declared.get(target).contains(input)) {
                        problems.add(file + ": module " + call.name + " is given " + input + ", which " + target + " does not declare");
                    }
                }
            });
            for (String variable : required.getOrDefault(target, Set.of())) {
                if (!given.contains(variable)) {
                    problems.add(file + ": module " + call.name + " lacks required input " + variable);
                }
            }
            if (!call.body.path("name_prefix").asText().equals("${var.name_prefix}")) {
                problems.add(file + ": module " + call.name + " must get name_prefix = var.name_prefix");
            }
            if (!call.body.path("tags").asText().contains("local.common_tags")) {
                problems.add(file + ": module " + call.name + " must get tags = local.common_tags");
            }
        });
        return problems;
    }

    /** Every resource that takes tags carries the common tags (var.tags in a module, local.common_tags at the root). */
    static List<String> tags(HclTree tree) {
        List<String> problems = new ArrayList<>();
        tree.typedBlocks("resource", (file, r) -> {
            if (UNTAGGABLE.contains(r.type)) {
                return;
            }
            String expected = HclTree.moduleOf(file).isEmpty() ? "local.common_tags" : "var.tags";
            if (!r.body.path("tags").asText().contains(expected)) {
                problems.add(file + ": resource " + r.address() + " does not carry the common tags (tags = " + expected + ")");
            }
        });
        return problems;
    }

    /** Every name is derived from var.name_prefix, which is validated. */
    static List<String> names(HclTree tree) {
        List<String> problems = new ArrayList<>();
        tree.typedBlocks("resource", (file, r) -> {
            List<String> attributes = r.type.equals("aws_s3_bucket") ? List.of("bucket", "bucket_prefix") : NAME_ATTRIBUTES;
            for (String attribute : attributes) {
                if (r.body.has(attribute) && !NAMED_INSIDE_PARENT.contains(r.type)
                        && !r.body.get(attribute).asText().contains("${var.name_prefix}")) {
                    problems.add(file + ": resource " + r.address() + " has " + attribute + " \"" + r.body.get(attribute).asText()
                            + "\", not derived from var.name_prefix");
                }
            }
        });
        boolean[] validated = {false};
        tree.blocks("variable", (file, v) -> {
            if (HclTree.moduleOf(file).isEmpty() && v.name.equals("name_prefix")) {
                validated[0] = v.body.has("validation");
            }
        });
        if (!validated[0]) {
            problems.add("variables.tf: the root module needs a validated name_prefix variable");
        }
        return problems;
    }

    /** Every bucket has all four public access blocks on and default encryption, covering each of its instances. */
    static List<String> buckets(HclTree tree) {
        List<String> problems = new ArrayList<>();
        tree.typedBlocks("resource", (file, bucket) -> {
            if (!bucket.type.equals("aws_s3_bucket")) {
                return;
            }
            String module = HclTree.moduleOf(file);
            boolean[] blocked = {false};
            boolean[] encrypted = {false};
            tree.typedBlocks("resource", (otherFile, r) -> {
                if (!HclTree.moduleOf(otherFile).equals(module) || !covers(r.body, bucket)) {
                    return;
                }
                if (r.type.equals("aws_s3_bucket_public_access_block")) {
                    blocked[0] = List.of("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
                            .stream().allMatch(flag -> r.body.path(flag).isBoolean() && r.body.path(flag).asBoolean());
                }
                if (r.type.equals("aws_s3_bucket_server_side_encryption_configuration")) {
                    String algorithm = r.body.path("rule").path(0).path("apply_server_side_encryption_by_default").path(0)
                            .path("sse_algorithm").asText();
                    encrypted[0] = Set.of("AES256", "aws:kms", "aws:kms:dsse").contains(algorithm);
                }
            });
            if (!blocked[0]) {
                problems.add(file + ": bucket " + bucket.address() + " lacks a public access block with all four settings true");
            }
            if (!encrypted[0]) {
                problems.add(file + ": bucket " + bucket.address() + " lacks default encryption (AES256 or aws:kms)");
            }
        });
        return problems;
    }

    /** A bucket setting covers a bucket when it iterates over all of its instances or names the single one. */
    private static boolean covers(JsonNode setting, HclTree.Labelled bucket) {
        String ref = "aws_s3_bucket." + bucket.name;
        boolean multiple = bucket.body.has("for_each") || bucket.body.has("count");
        return multiple ? setting.path("for_each").asText().equals("${" + ref + "}")
                : setting.path("bucket").asText().startsWith("${" + ref + ".");
    }

    /** Files read with file("${path.module}/...") exist (e.g. flink-conf/cluster/config.yaml for the EMR classification). */
    static List<String> fileReferences(HclTree tree) {
        List<String> problems = new ArrayList<>();
        tree.files.forEach((file, body) -> {
            for (String s : HclTree.strings(body)) {
                Matcher m = FILE_REF.matcher(s);
                while (m.find()) {
                    Path target = tree.dir.resolve(HclTree.moduleOf(file)).resolve(m.group(1)).normalize();
                    if (!Files.isRegularFile(target)) {
                        problems.add(file + ": reads " + m.group(1) + ", which does not exist");
                    }
                }
            }
        });
        return problems;
    }

    private static Map<String, Set<String>> declaredVariables(HclTree tree) {
        Map<String, Set<String>> declared = new HashMap<>();
        tree.modules().keySet().forEach(m -> declared.put(m, new TreeSet<>()));
        tree.blocks("variable", (file, v) -> declared.get(HclTree.moduleOf(file)).add(v.name));
        return declared;
    }

    private static String label(String module) {
        return module.isEmpty() ? "root module" : module;
    }
}
