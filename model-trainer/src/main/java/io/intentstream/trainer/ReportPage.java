package io.intentstream.trainer;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page written section by section: inline CSS and inline SVG only, no script and no
 * reference to anything outside the file, so it opens the same offline, attached to a ticket or in a bundle
 * store's browser.
 */
final class ReportPage {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;
              padding:0 24px 48px;color:#222;line-height:1.45}
            h1{margin:24px 0 4px}h2{margin-top:36px;border-bottom:1px solid #ddd;padding-bottom:4px}
            nav a{margin-right:12px}.lead{color:#555;margin-top:0}
            .figures{display:flex;flex-wrap:wrap;gap:16px}
            figure{margin:0;flex:1 1 520px;max-width:580px}figure svg{width:100%;height:auto;border:1px solid #eee}
            figcaption{font-size:0.9em;color:#444;margin-top:4px}
            table{border-collapse:collapse;margin:8px 0 16px;font-size:0.92em}
            th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
            td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f6f6f6}
            code{font-size:0.92em}.note{color:#555;font-size:0.92em;max-width:900px}
            """;

    private final StringBuilder html = new StringBuilder(1 << 16);

    ReportPage(String title, String lead, Map<String, String> sections) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>").append(STYLE).append("</style>\n")
                .append("</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n<p class=\"lead\">")
                .append(escape(lead)).append("</p>\n<nav>");
        sections.forEach((id, name) -> html.append("<a href=\"#").append(id).append("\">").append(escape(name)).append("</a>"));
        html.append("</nav>\n");
    }

    ReportPage section(String id, String heading) {
        closeSection();
        html.append("<section id=\"").append(id).append("\">\n<h2>").append(escape(heading)).append("</h2>\n");
        sectionOpen = true;
        return this;
    }

    private boolean sectionOpen;

    private void closeSection() {
        if (sectionOpen) {
            html.append("</section>\n");
            sectionOpen = false;
        }
    }

    ReportPage note(String text) {
        html.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
        return this;
    }

    ReportPage openFigures() {
        html.append("<div class=\"figures\">\n");
        return this;
    }

    ReportPage closeFigures() {
        html.append("</div>\n");
        return this;
    }

    /**
     * A figure with its SVG and caption; {@code data} become {@code data-*} attributes holding the exact figures
     * the caption rounds, so a test can compare them with bundle.json.
     */
    ReportPage figure(String id, String svg, String caption, Map<String, Object> data) {
        html.append("<figure id=\"").append(id).append('"');
        data.forEach((k, v) -> html.append(" data-").append(k).append("=\"").append(escape(String.valueOf(v))).append('"'));
        html.append(">\n").append(svg).append("\n<figcaption>").append(escape(caption)).append("</figcaption>\n</figure>\n");
        return this;
    }

    /** A table of rows; cells that are numbers are right-aligned. */
    ReportPage table(String id, List<String> header, List<List<Object>> rows) {
        html.append("<table").append(id == null ? "" : " id=\"" + id + "\"").append(">\n<tr>");
        for (String h : header) {
            html.append("<th>").append(escape(h)).append("</th>");
        }
        html.append("</tr>\n");
        for (List<Object> row : rows) {
            html.append("<tr>");
            for (Object cell : row) {
                boolean number = cell instanceof Number;
                html.append(number ? "<td class=\"num\">" : "<td>").append(escape(format(cell))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        return this;
    }

    /** Numbers shown: integers as they are, fractions to four decimals, undefined as a dash. */
    static String format(Object value) {
        if (value == null) {
            return "–";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "–";
        }
        return String.valueOf(value);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    String finish() {
        closeSection();
        html.append("</body>\n</html>\n");
        return html.toString();
    }
}
