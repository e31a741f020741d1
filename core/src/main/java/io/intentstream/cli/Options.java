package io.intentstream.cli;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's options: parsed from {@code --name value} / {@code --name=value} arguments and from a
 * {@code --config} file (flat {@code key: value} YAML or {@code key=value} properties); arguments win.
 * Unknown names are errors, so a typo never silently falls back to a default.
 */
public final class Options {
    public static final Option<String> CONFIG_FILE =
            Option.string("config", null, "a YAML (key: value) or properties (key=value) file with more options");

    private final String command;
    private final String summary;
    private final List<Option<?>> options = new ArrayList<>();
    /** Prefix to description: any option starting with the prefix is passed through as text (client properties). */
    private final Map<String, String> passThroughPrefixes = new LinkedHashMap<>();

    public Options(String command, String summary) {
        this.command = command;
        this.summary = summary;
        add(CONFIG_FILE);
    }

    public Options add(Option<?> option) {
        for (Option<?> o : options) {
            if (o.name().equals(option.name())) {
                throw new IllegalArgumentException("duplicate option " + option.name());
            }
        }
        options.add(option);
        return this;
    }

    /**
     * Accepts any option starting with {@code prefix} (e.g. {@code kafka.security.protocol}) and hands it,
     * unparsed, to the code that configures a client; see {@link Values#withPrefix}.
     */
    public Options addPassThrough(String prefix, String description) {
        passThroughPrefixes.put(prefix, description);
        return this;
    }

    public List<Option<?>> all() {
        return Collections.unmodifiableList(options);
    }

    /** True when the arguments ask for help. */
    public static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The command-line entry's parse: prints help and returns {@code null} on {@code --help}, prints the
     * error and exits with status 2 on a bad option, else returns the values.
     */
    public Values parseOrExit(String[] args) {
        if (wantsHelp(args)) {
            System.out.print(help());
            return null;
        }
        try {
            return parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return null;
        }
    }

    /** The help text: every option with its type, default and description. */
    public String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: ").append(command).append(" [--option value ...]\n\n").append(summary).append("\n\noptions:\n");
        for (Option<?> o : options) {
            sb.append("  --").append(o.name()).append(" <").append(o.typeName()).append(">\n")
                    .append("      ").append(o.description()).append(" (default: ").append(o.defaultText())
                    .append(")\n");
        }
        for (Map.Entry<String, String> p : passThroughPrefixes.entrySet()) {
            sb.append("  --").append(p.getKey()).append("<name> <text>\n      ").append(p.getValue()).append('\n');
        }
        return sb.toString();
    }

    /** Markdown table of the options, for docs. */
    public String markdownTable() {
        StringBuilder sb = new StringBuilder("| option | type | default | description |\n| --- | --- | --- | --- |\n");
        for (Option<?> o : options) {
            sb.append("| `--").append(o.name()).append("` | ").append(o.typeName().replace("|", "\\|")).append(" | `")
                    .append(o.defaultText()).append("` | ").append(o.description()).append(" |\n");
        }
        for (Map.Entry<String, String> p : passThroughPrefixes.entrySet()) {
            sb.append("| `--").append(p.getKey()).append("<name>` | text | | ").append(p.getValue()).append(" |\n");
        }
        return sb.toString();
    }

    public Values parse(String[] args) {
        Map<String, String> fromArgs = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (options look like --name value)");
            }
            String name;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                name = a.substring(2);
                Option<?> o = find(name);
                boolean flag = o != null && o.typeName().equals("true|false")
                        && (i + 1 >= args.length || args[i + 1].startsWith("--"));
                if (flag) {
                    value = "true";
                } else {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("option --" + name + " needs a value");
                    }
                    value = args[++i];
                }
            }
            fromArgs.put(name, value);
        }
        Map<String, String> merged = new LinkedHashMap<>();
        String configFile = fromArgs.get(CONFIG_FILE.name());
        if (configFile != null) {
            merged.putAll(readConfigFile(Path.of(configFile)));
        }
        merged.putAll(fromArgs);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> en : merged.entrySet()) {
            if (isPassThrough(en.getKey())) {
                values.put(en.getKey(), en.getValue());
                continue;
            }
            Option<?> o = find(en.getKey());
            if (o == null) {
                throw new IllegalArgumentException("unknown option --" + en.getKey() + " (see --help)");
            }
            values.put(o.name(), o.parse(en.getValue()));
        }
        return new Values(values);
    }

    private boolean isPassThrough(String name) {
        for (String prefix : passThroughPrefixes.keySet()) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                return true;
            }
        }
        return false;
    }

    private Option<?> find(String name) {
        for (Option<?> o : options) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }

    static Map<String, String> readConfigFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            int eq = line.indexOf('=');
            int sep = colon < 0 ? eq : (eq < 0 ? colon : Math.min(colon, eq));
            if (sep <= 0) {
                throw new IllegalArgumentException(file + " line " + n + ": expected 'key: value' or 'key=value'");
            }
            String key = line.substring(0, sep).strip();
            String value = line.substring(sep + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(key, value);
        }
        return out;
    }

    /** Parsed option values; options not given yield their defaults. Serializable so a job can ship them. */
    public static final class Values implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Map<String, Object> values;

        Values(Map<String, Object> values) {
            this.values = new LinkedHashMap<>(values);
        }

        @SuppressWarnings("unchecked")
        public <T> T get(Option<T> option) {
            return values.containsKey(option.name()) ? (T) values.get(option.name()) : option.defaultValue();
        }

        public boolean isSet(Option<?> option) {
            return values.containsKey(option.name());
        }

        /** Pass-through options under {@code prefix}, with the prefix removed (e.g. {@code kafka.} -> client properties). */
        public Map<String, String> withPrefix(String prefix) {
            Map<String, String> out = new LinkedHashMap<>();
            values.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    out.put(k.substring(prefix.length()), (String) v);
                }
            });
            return out;
        }

        /** A copy with one value replaced (used by launchers to fill defaults). */
        public <T> Values with(Option<T> option, T value) {
            Values copy = new Values(values);
            copy.values.put(option.name(), value);
            return copy;
        }
    }
}
