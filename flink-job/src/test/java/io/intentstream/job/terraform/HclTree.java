package io.intentstream.job.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A Terraform tree as HashiCorp's HCL2 parser reads it (npm {@code @cdktf/hcl2json}, run by
 * {@code terraform/test/hcl.js}): every file's blocks as JSON, with expressions as {@code "${...}"} strings,
 * plus the raw text (for comments, which the JSON drops) and the files not in {@code terraform fmt} layout.
 */
final class HclTree {
    static final String INSTALL_COMMAND = "npm ci --ignore-scripts --no-audit --no-fund --prefix terraform/test";

    final Path dir;
    /** Path relative to {@link #dir} (with '/') to the file's parsed blocks. */
    final Map<String, JsonNode> files;
    final Map<String, String> texts;
    final List<String> unformatted;

    private HclTree(Path dir, Map<String, JsonNode> files, Map<String, String> texts, List<String> unformatted) {
        this.dir = dir;
        this.files = files;
        this.texts = texts;
        this.unformatted = unformatted;
    }

    /** Parses {@code terraformDir} with the parser installed under {@code toolDir} (terraform/test). */
    static HclTree parse(Path terraformDir, Path toolDir) throws IOException, InterruptedException {
        if (!Files.isDirectory(toolDir.resolve("node_modules/@cdktf/hcl2json"))
                || !Files.isDirectory(toolDir.resolve("node_modules/@cdktf/hcl-tools"))) {
            throw new IllegalStateException("the HCL parser is not installed (no " + toolDir.resolve("node_modules/@cdktf").toAbsolutePath().normalize()
                    + "): run `" + INSTALL_COMMAND + "` from the repository root (.ci/run does this before Maven)");
        }
        Path out = Files.createTempFile("hcl2json", ".json");
        Path err = Files.createTempFile("hcl2json", ".err");
        try {
            Process process;
            try {
                process = new ProcessBuilder("node", toolDir.resolve("hcl.js").toAbsolutePath().toString(), "json",
                        terraformDir.toAbsolutePath().toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run `node` (Node.js is needed for the HCL parser): " + e.getMessage(), e);
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("hcl.js did not finish within 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("hcl.js failed (" + process.exitValue() + "): " + Files.readString(err).strip());
            }
            JsonNode result = new ObjectMapper().readTree(out.toFile());
            Map<String, JsonNode> files = new TreeMap<>();
            Map<String, String> texts = new TreeMap<>();
            result.get("files").fields().forEachRemaining(f -> {
                files.put(f.getKey(), f.getValue());
                try {
                    texts.put(f.getKey(), Files.readString(terraformDir.resolve(f.getKey()), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            List<String> unformatted = new ArrayList<>();
            result.get("unformatted").forEach(n -> unformatted.add(n.asText()));
            return new HclTree(terraformDir, files, texts, unformatted);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The module directory of a file: "" for the root, else e.g. "modules/iam". */
    static String moduleOf(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash);
    }

    /** The .tf files (not tfvars) by module directory. */
    Map<String, List<String>> modules() {
        Map<String, List<String>> modules = new TreeMap<>();
        files.keySet().stream().filter(f -> f.endsWith(".tf"))
                .forEach(f -> modules.computeIfAbsent(moduleOf(f), m -> new ArrayList<>()).add(f));
        return modules;
    }

    /** Every labelled block of a kind in a .tf file: "variable", "module", "output" (one label). */
    void blocks(String kind, BiConsumer<String, Labelled> action) {
        modules().values().stream().flatMap(List::stream).forEach(file -> {
            JsonNode byName = files.get(file).path(kind);
            byName.fields().forEachRemaining(e -> e.getValue().forEach(body -> action.accept(file, new Labelled(kind, e.getKey(), body))));
        });
    }

    /** Every "resource" or "data" block, named type.name. */
    void typedBlocks(String kind, BiConsumer<String, Labelled> action) {
        modules().values().stream().flatMap(List::stream).forEach(file -> {
            JsonNode byType = files.get(file).path(kind);
            byType.fields().forEachRemaining(type -> type.getValue().fields().forEachRemaining(
                    name -> name.getValue().forEach(body -> action.accept(file, new Labelled(type.getKey(), name.getKey(), body)))));
        });
    }

    /** The locals of a module directory, name to value. */
    Map<String, JsonNode> locals(String module) {
        Map<String, JsonNode> locals = new LinkedHashMap<>();
        for (String file : modules().getOrDefault(module, List.of())) {
            files.get(file).path("locals").forEach(block -> block.fields().forEachRemaining(e -> locals.put(e.getKey(), e.getValue())));
        }
        return locals;
    }

    /** All string values under a node (expressions included), in document order. */
    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                // Object keys can hold expressions too (a map key such as "${var.x}").
                out.add(e.getKey());
                collect(e.getValue(), out);
            }
            if (node.isArray()) {
                node.forEach(n -> collect(n, out));
            }
        }
    }

    /** A block with its labels: {@code type} is the block type or resource type, {@code name} the (last) label. */
    static final class Labelled {
        final String type;
        final String name;
        final JsonNode body;

        Labelled(String type, String name, JsonNode body) {
            this.type = type;
            this.name = name;
            this.body = body;
        }

        String address() {
            return type + "." + name;
        }
    }
}
