package io.intentstream.job.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Least privilege, checked on the policy documents: policies are built from {@code aws_iam_policy_document},
 * no action has a wildcard, and a resource with a wildcard is either a key prefix of our buckets or sits in a
 * statement with a comment above it that says why AWS offers nothing narrower.
 */
final class PolicyChecks {
    /** Objects under one of the storage module's prefixes: ${<paths>.bucket_arn}/${<paths>.prefix}*. */
    private static final Pattern OBJECTS_UNDER_PREFIX = Pattern.compile("\\$\\{[^}*]+\\.bucket_arn}/\\$\\{[^}*]+\\.prefix}\\*");
    private static final Pattern LOCAL = Pattern.compile("\\blocal\\.([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern POLICY_DOCUMENT_JSON = Pattern.compile("\\$\\{data\\.aws_iam_policy_document\\.[a-z0-9_]+(\\[0])?\\.json}");
    /** AWS-managed policies we attach, each for a reason given where it is attached. */
    private static final List<String> MANAGED_POLICIES = List.of("policy/service-role/AmazonEMRServicePolicy_v2");

    private PolicyChecks() {}

    static List<String> all(HclTree tree) {
        List<String> problems = new ArrayList<>();
        tree.typedBlocks("data", (file, document) -> {
            if (document.type.equals("aws_iam_policy_document")) {
                statements(document.body).forEach(statement -> check(tree, file, document, statement, problems));
            }
        });
        tree.typedBlocks("resource", (file, r) -> {
            for (String attribute : List.of("policy", "assume_role_policy")) {
                if (r.body.has(attribute) && !POLICY_DOCUMENT_JSON.matcher(r.body.get(attribute).asText()).matches()) {
                    problems.add(file + ": " + r.address() + "." + attribute + " must be an aws_iam_policy_document's json");
                }
            }
            if (r.type.equals("aws_iam_role_policy_attachment")
                    && MANAGED_POLICIES.stream().noneMatch(p -> r.body.path("policy_arn").asText().endsWith(p))) {
                problems.add(file + ": " + r.address() + " attaches " + r.body.path("policy_arn").asText()
                        + ", not one of the reviewed AWS-managed policies " + MANAGED_POLICIES);
            }
        });
        return problems;
    }

    private static void check(HclTree tree, String file, HclTree.Labelled document, JsonNode statement, List<String> problems) {
        String where = file + ": " + document.address() + " statement " + statement.path("sid").asText("(no sid)");
        for (String forbidden : List.of("not_actions", "not_resources", "not_principals")) {
            if (statement.has(forbidden)) {
                problems.add(where + " uses " + forbidden);
            }
        }
        JsonNode actions = statement.path("actions");
        if (!actions.isArray()) {
            problems.add(where + ": actions must be a list of literal actions, not " + actions);
        }
        for (JsonNode action : actions) {
            if (action.asText().contains("${")) {
                problems.add(where + ": action " + action.asText() + " is an expression, not a literal action");
            } else if (action.asText().contains("*")) {
                problems.add(where + ": wildcard action " + action.asText());
            }
        }
        statement.path("principals").forEach(p -> p.path("identifiers").forEach(id -> {
            if (id.asText().equals("*")) {
                problems.add(where + ": wildcard principal");
            }
        }));
        if (!statement.has("resources")) {
            return;
        }
        Map<String, JsonNode> locals = tree.locals(HclTree.moduleOf(file));
        List<String> wildcards = new ArrayList<>();
        JsonNode resources = statement.get("resources");
        Iterable<JsonNode> items = resources.isArray() ? resources : List.of(resources);
        for (JsonNode resource : items) {
            String expanded = expand(resource.asText(), locals);
            if (expanded.contains("*") && !OBJECTS_UNDER_PREFIX.matcher(resource.asText()).matches()) {
                wildcards.add(expanded);
            }
        }
        if (!wildcards.isEmpty() && !commented(tree.texts.get(file), statement.path("sid").asText(null))) {
            problems.add(where + ": wildcard resource " + wildcards + " without a comment above the statement saying why AWS requires it");
        }
    }

    /** The statements of a document, dynamic ones included. */
    private static List<JsonNode> statements(JsonNode document) {
        List<JsonNode> statements = new ArrayList<>();
        document.path("statement").forEach(statements::add);
        document.path("dynamic").path("statement").forEach(d -> d.path("content").forEach(statements::add));
        return statements;
    }

    /** The text with local.x replaced by x's value (twice, for a local that uses another). */
    private static String expand(String text, Map<String, JsonNode> locals) {
        String expanded = text;
        for (int round = 0; round < 2; round++) {
            Matcher m = LOCAL.matcher(expanded);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                JsonNode value = locals.get(m.group(1));
                m.appendReplacement(sb, Matcher.quoteReplacement(value == null ? m.group() : expression(value)));
            }
            m.appendTail(sb);
            expanded = sb.toString();
        }
        return expanded;
    }

    /** A local's value as an expression: "${x}" becomes x, anything else a quoted literal or JSON. */
    private static String expression(JsonNode value) {
        String text = value.asText();
        return value.isTextual() && text.matches("\\$\\{[^{}]*}") ? text.substring(2, text.length() - 1) : value.toString();
    }

    /** True when the line above the statement block that holds {@code sid = "<sid>"} is a comment. */
    private static boolean commented(String text, String sid) {
        if (sid == null) {
            return false;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].matches("\\s*sid\\s*=\\s*\"" + Pattern.quote(sid) + "\"\\s*")) {
                int start = i;
                while (start > 0 && !lines[start].matches("\\s*statement\\s*\\{\\s*")) {
                    start--;
                }
                return start > 0 && lines[start - 1].strip().startsWith("#");
            }
        }
        return false;
    }
}
