package io.intentstream.trainer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's figures, drawn by JFreeChart and written as SVG by JFreeSVG, to be inlined in report.html: vector
 * graphics that need nothing at view time, with their labels as text the report test can read.
 */
final class Charts {
    static {
        // Drawing into SVG needs no display; say so before AWT starts, or it may look for one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
    static final int WIDTH = 560;
    static final int HEIGHT = 360;
    private static final Color[] SERIES = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x7f7f7f)};
    private static final StandardChartTheme THEME = theme();

    private Charts() {}

    /** A named line of (x, y) points; {@code dashed} for references (chance, perfect calibration). */
    record Line(String name, double[] x, double[] y, boolean dashed, boolean points) {
        static Line of(String name, Curves.Curve c) {
            return new Line(name, c.x(), c.y(), false, false);
        }
    }

    private static StandardChartTheme theme() {
        // SansSerif: JFreeSVG writes it as the generic CSS family, which every browser has.
        StandardChartTheme theme = new StandardChartTheme("IntentStream");
        theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        theme.setLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(new Color(0xdddddd));
        theme.setRangeGridlinePaint(new Color(0xdddddd));
        theme.setBarPainter(new StandardBarPainter());
        theme.setXYBarPainter(new StandardXYBarPainter());
        theme.setShadowVisible(false);
        return theme;
    }

    /**
     * Lines on numeric axes; {@code marker} draws a vertical line at that x (e.g. the best round), or NaN.
     *
     * @param axisMax both axes from 0 to this (e.g. 1 for rates), or NaN for automatic ranges
     */
    static String lines(String id, String title, String xLabel, String yLabel, List<Line> lines, double marker,
            String markerLabel, double axisMax) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Line line : lines) {
            XYSeries series = new XYSeries(line.name(), false, true);
            for (int i = 0; i < line.x().length; i++) {
                if (Double.isFinite(line.y()[i])) {
                    series.add(line.x()[i], line.y()[i]);
                }
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true,
                false, false);
        THEME.apply(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < lines.size(); s++) {
            renderer.setSeriesPaint(s, SERIES[s % SERIES.length]);
            renderer.setSeriesShapesVisible(s, lines.get(s).points());
            renderer.setSeriesStroke(s, lines.get(s).dashed()
                    ? new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f)
                    : new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        if (Double.isFinite(axisMax)) {
            ((NumberAxis) plot.getDomainAxis()).setRange(0, axisMax);
            ((NumberAxis) plot.getRangeAxis()).setRange(0, axisMax);
        } else {
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        }
        if (Double.isFinite(marker)) {
            ValueMarker m = new ValueMarker(marker, new Color(0xd62728), new BasicStroke(1.5f));
            m.setLabel(markerLabel);
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(m);
        }
        return svg(id, chart);
    }

    /** Overlaid histograms, each series' bars as shares of its own examples. */
    static String histogram(String id, String title, String xLabel, Map<String, double[]> series, int bins,
            double max) {
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.RELATIVE_FREQUENCY);
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            if (s.getValue().length > 0) {
                data.addSeries(s.getKey(), s.getValue(), bins, 0, max);
            }
        }
        JFreeChart chart = ChartFactory.createHistogram(title, xLabel, "share of examples", data,
                PlotOrientation.VERTICAL, true, false, false);
        THEME.apply(chart);
        XYBarRenderer renderer = (XYBarRenderer) chart.getXYPlot().getRenderer();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            Color c = SERIES[s % SERIES.length];
            renderer.setSeriesPaint(s, new Color(c.getRed(), c.getGreen(), c.getBlue(), 140));
        }
        return svg(id, chart);
    }

    /**
     * Bars by category; {@code horizontal} for long category names (features).
     *
     * @param values series name to (category to value), all series over the same categories
     */
    static String bars(String id, String title, String categoryLabel, String valueLabel,
            Map<String, Map<String, Double>> values, boolean horizontal, int height) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map.Entry<String, Map<String, Double>> s : values.entrySet()) {
            for (Map.Entry<String, Double> v : s.getValue().entrySet()) {
                // An undefined figure (an AUC with one class absent) is no bar; NaN would make invalid SVG.
                Double value = v.getValue() != null && Double.isFinite(v.getValue()) ? v.getValue() : null;
                data.addValue(value, s.getKey(), v.getKey());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data,
                horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL, values.size() > 1, false, false);
        THEME.apply(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        for (int s = 0; s < values.size(); s++) {
            renderer.setSeriesPaint(s, SERIES[s % SERIES.length]);
        }
        renderer.setItemMargin(0.05);
        return svg(id, chart, WIDTH, height);
    }

    private static String svg(String id, JFreeChart chart) {
        return svg(id, chart, WIDTH, HEIGHT);
    }

    /** The chart as an {@code <svg>} element that scales to its container; ids prefixed so figures never clash. */
    private static String svg(String id, JFreeChart chart, int width, int height) {
        chart.setBackgroundPaint(Color.WHITE);
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix(id + "-");
        chart.draw(g2, new Rectangle(0, 0, width, height));
        return g2.getSVGElement(id + "-svg", false, new ViewBox(0, 0, width, height), null, null);
    }
}
