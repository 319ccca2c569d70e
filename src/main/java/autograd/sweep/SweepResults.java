package autograd.sweep;

import autograd.plot.Plots;
import autograd.sweep.RunResult.Status;
import java.awt.Color;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The runs of a {@link Sweep}, in run order, with the views a user of Ray Tune's {@code ResultGrid}
 * expects: a table with one row per run, the best runs, and charts of a metric over the parameters.
 *
 * <p>The table's columns: {@code run} (the run's number), one per parameter, {@code seed}, one per
 * metric, {@code status} ({@code ok}, {@code diverged}, {@code error}), {@code reports} (reports made,
 * for a {@link Trainable}), {@code seconds} (the run's wall time) and {@code error} (the exception,
 * or what diverged). A metric a run does not have, and a NaN, both print as {@code NaN}.
 *
 * <pre>{@code
 * jshell> results.table()                      // every run
 * jshell> results.best(5)                      // the five best by the sweep's minimize/maximize metric
 * jshell> results.heatmap("loss", "lr", "init")
 * jshell> results.lines("loss", "lr")          // the mean loss per learning rate
 * jshell> results.history()                    // every report of every run, one row per step
 * }</pre>
 */
public final class SweepResults {

    private final String name;
    private final List<String> paramNames;
    private final Set<String> logScale;
    private final List<RunResult> runs;
    private final List<RunResult> sweepRuns; // all runs, also after where/filter: labels keep their colours
    private final int planned;
    private final boolean reports;
    private final String objective;
    private final boolean maximize;
    private final boolean interrupted;
    private final boolean running;
    private final String backend;
    private final long startMillis;
    private final long endMillis;
    private final double seconds;

    SweepResults(
            String name,
            List<String> paramNames,
            List<String> logScale,
            List<RunResult> runs,
            int planned,
            boolean reports,
            String objective,
            boolean maximize,
            boolean interrupted,
            boolean running,
            String backend,
            long startMillis,
            long endMillis,
            double seconds) {
        this.name = name;
        this.paramNames = List.copyOf(paramNames);
        this.logScale = Set.copyOf(logScale);
        this.runs = List.copyOf(runs);
        this.sweepRuns = this.runs;
        this.planned = planned;
        this.reports = reports;
        this.objective = objective;
        this.maximize = maximize;
        this.interrupted = interrupted;
        this.running = running;
        this.backend = backend;
        this.startMillis = startMillis;
        this.endMillis = endMillis;
        this.seconds = seconds;
    }

    /** Part of {@code whole}: its runs that are in {@code kept}. */
    private SweepResults(SweepResults whole, List<RunResult> kept) {
        this.name = whole.name;
        this.paramNames = whole.paramNames;
        this.logScale = whole.logScale;
        this.runs = List.copyOf(kept);
        this.sweepRuns = whole.sweepRuns;
        this.planned = whole.planned;
        this.reports = whole.reports;
        this.objective = whole.objective;
        this.maximize = whole.maximize;
        this.interrupted = whole.interrupted;
        this.running = whole.running;
        this.backend = whole.backend;
        this.startMillis = whole.startMillis;
        this.endMillis = whole.endMillis;
        this.seconds = whole.seconds;
    }

    /** The finished runs, by run number. */
    public List<RunResult> runs() {
        return runs;
    }

    /** How many runs finished. */
    public int size() {
        return runs.size();
    }

    /** How many runs the sweep had. */
    public int planned() {
        return planned;
    }

    /** How many runs ended with this status. */
    public int count(Status status) {
        return (int) runs.stream().filter(r -> r.status() == status).count();
    }

    /** Whether the sweep was interrupted before every run finished. */
    public boolean interrupted() {
        return interrupted;
    }

    /** Whether these are the results of a sweep that is still running (from {@link Sweep#results()}). */
    public boolean running() {
        return running;
    }

    /** The sweep's wall time in seconds (so far, if it is still running). */
    public double seconds() {
        return seconds;
    }

    /** When the sweep started and ended, in milliseconds since the epoch. */
    public long startMillis() {
        return startMillis;
    }

    /** When the sweep ended (or now, if it is still running), in milliseconds since the epoch. */
    public long endMillis() {
        return endMillis;
    }

    /** Where the runs executed, e.g. {@code local threads: 2}. */
    public String backend() {
        return backend;
    }

    /** The parameter names, in the sweep's order. */
    public List<String> paramNames() {
        return paramNames;
    }

    /** The metric names, in the order runs first reported them. */
    public List<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        for (RunResult run : runs) names.addAll(run.metrics().names());
        return List.copyOf(names);
    }

    /** The runs whose parameter {@code param} equals {@code value} (numbers compare by value: 1 matches 1.0). */
    public SweepResults where(String param, Object value) {
        checkParam(param);
        Object wanted = Param.plainValue(param, value);
        return filter(run -> sameValue(run.config().get(param), wanted));
    }

    /**
     * The runs that {@code keep} accepts, as results of their own (a table or a chart of part of a
     * sweep); {@link #planned()} and the timings stay those of the whole sweep.
     */
    public SweepResults filter(Predicate<RunResult> keep) {
        return new SweepResults(this, runs.stream().filter(keep).toList());
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        return a.equals(b);
    }

    // ---- tables ------------------------------------------------------------------------------

    /** One row per finished run; see the class comment for the columns. */
    public Table table() {
        return tableOf(runs, name);
    }

    /** The table's columns for some of the runs, in the given order. */
    private Table tableOf(List<RunResult> runs, String name) {
        Table table = Table.create(name);
        table.addColumns(IntColumn.create(
                "run", runs.stream().mapToInt(r -> r.config().index()).toArray()));
        for (String param : paramNames) {
            table.addColumns(
                    column(param, runs.stream().map(r -> r.config().get(param)).toList()));
        }
        table.addColumns(LongColumn.create(
                "seed", runs.stream().mapToLong(r -> r.config().seed()).toArray()));
        for (String metric : metricNames()) {
            table.addColumns(
                    metricColumn(metric, runs.stream().map(RunResult::metrics).toList()));
        }
        table.addColumns(StringColumn.create(
                "status", runs.stream().map(r -> r.status().toString()).toList()));
        if (reports) {
            table.addColumns(IntColumn.create(
                    "reports", runs.stream().mapToInt(r -> r.history().size()).toArray()));
        }
        DoubleColumn time = DoubleColumn.create(
                "seconds", runs.stream().mapToDouble(RunResult::seconds).toArray());
        time.setPrintFormatter(new NumberColumnFormatter(DoubleText.THREE_DIGITS, "NaN"));
        table.addColumns(time);
        table.addColumns(StringColumn.create(
                "error",
                runs.stream().map(r -> r.error() == null ? "" : r.error()).toList()));
        return table;
    }

    /**
     * Every report of every run, one row per step: {@code run}, the parameters, {@code step} (from
     * 0) and the reported metrics. Empty unless the function was a {@link Trainable}.
     */
    public Table history() {
        List<RunResult> owners = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
        List<Metrics> reports = new ArrayList<>();
        Set<String> metricNames = new LinkedHashSet<>();
        for (RunResult run : runs) {
            for (int step = 0; step < run.history().size(); step++) {
                owners.add(run);
                steps.add(step);
                reports.add(run.history().get(step));
                metricNames.addAll(run.history().get(step).names());
            }
        }
        Table table = Table.create(name + " history");
        table.addColumns(IntColumn.create(
                "run", owners.stream().mapToInt(r -> r.config().index()).toArray()));
        for (String param : paramNames) {
            table.addColumns(column(
                    param, owners.stream().map(r -> r.config().get(param)).toList()));
        }
        table.addColumns(IntColumn.create(
                "step", steps.stream().mapToInt(Integer::intValue).toArray()));
        for (String metric : metricNames) table.addColumns(metricColumn(metric, reports));
        return table;
    }

    /** The {@code k} best runs by the sweep's {@link Sweep#minimize}/{@link Sweep#maximize} metric. */
    public Table best(int k) {
        if (objective == null) {
            throw new IllegalStateException("best(k) needs the sweep's metric: call minimize(\"loss\") or"
                    + " maximize(\"accuracy\") on the Sweep, or use smallest(k, metric) / largest(k, metric)");
        }
        return maximize ? largest(k, objective) : smallest(k, objective);
    }

    /** The {@code k} runs with the smallest {@code metric} among runs that ended {@code ok} with a finite value. */
    public Table smallest(int k, String metric) {
        return ranked(k, metric, false);
    }

    /** The {@code k} runs with the largest {@code metric} among runs that ended {@code ok} with a finite value. */
    public Table largest(int k, String metric) {
        return ranked(k, metric, true);
    }

    /** The best finished run by the sweep's metric, or null when no run ended ok with a finite value. */
    public RunResult bestRun() {
        if (objective == null) throw new IllegalStateException("bestRun() needs the sweep's minimize/maximize metric");
        List<RunResult> ranked = rankedRuns(objective, maximize);
        return ranked.isEmpty() ? null : ranked.get(0);
    }

    private Table ranked(int k, String metric, boolean largest) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        checkMetric(metric);
        List<RunResult> ranked = rankedRuns(metric, largest);
        // NOTE: built from the ranked runs, not Table.rows(...), which keeps the table's own order.
        return tableOf(ranked.subList(0, Math.min(k, ranked.size())), (largest ? "largest " : "smallest ") + metric);
    }

    private List<RunResult> rankedRuns(String metric, boolean largest) {
        return runs.stream()
                .filter(r -> ranks(r, metric))
                .sorted(bestFirst(metric, largest))
                .toList();
    }

    /**
     * Whether {@code run} takes part in a ranking by {@code metric}: it ended ok with a finite number
     * there. NaN and infinities never rank (as in Ray Tune), so they are never "best".
     */
    static boolean ranks(RunResult run, String metric) {
        return run.ok()
                && run.metrics().has(metric)
                && run.metrics().value(metric) instanceof Double d
                && Double.isFinite(d);
    }

    /** Best first by {@code metric}; ties go to the lower run number, so the order is the same on every thread count. */
    static Comparator<RunResult> bestFirst(String metric, boolean largest) {
        Comparator<RunResult> byMetric =
                Comparator.comparingDouble(r -> r.metrics().get(metric));
        return (largest ? byMetric.reversed() : byMetric)
                .thenComparingInt(r -> r.config().index());
    }

    // ---- charts ------------------------------------------------------------------------------

    /**
     * A heat map of {@code metric} over two parameters: one cell per pair of values, coloured by the
     * mean over the runs that ended ok there (other parameters and repeats are averaged). Cells
     * with no such run, or only NaN there, stay blank. A label metric (a string) gets one colour
     * per label, in the order the labels first occur in the whole sweep (so the parts of a sweep
     * picked by {@link #where} share their colours), and the legend names them.
     */
    public HeatMapChart heatmap(String metric, String xParam, String yParam) {
        checkMetric(metric);
        List<Object> xs = distinct(xParam), ys = distinct(yParam);
        boolean labels = runs.stream()
                .anyMatch(r -> r.metrics().has(metric) && r.metrics().value(metric) instanceof String);
        List<String> labelOrder = labels ? labelOrder(metric) : List.of();
        double[][] sum = new double[ys.size()][xs.size()];
        int[][] count = new int[ys.size()][xs.size()];
        Map<Integer, Map<Integer, Integer>> votes = new LinkedHashMap<>(); // cell -> label code -> runs
        for (RunResult run : runs) {
            if (!run.ok() || !run.metrics().has(metric)) continue;
            int i = xs.indexOf(run.config().get(xParam)),
                    j = ys.indexOf(run.config().get(yParam));
            Object value = run.metrics().value(metric);
            if (labels) {
                votes.computeIfAbsent(j * xs.size() + i, k -> new LinkedHashMap<>())
                        .merge(labelOrder.indexOf(String.valueOf(value)), 1, Integer::sum);
            } else if (Double.isFinite((Double) value)) {
                sum[j][i] += (Double) value;
            } else {
                continue;
            }
            count[j][i]++;
        }
        List<Number[]> cells = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        int blank = 0;
        for (int j = 0; j < ys.size(); j++) {
            for (int i = 0; i < xs.size(); i++) {
                if (count[j][i] == 0) {
                    blank++;
                    continue;
                }
                // A label cell shows the label most of its runs reached (the first such, on a tie).
                double value = labels ? mostCommon(votes.get(j * xs.size() + i)) : sum[j][i] / count[j][i];
                cells.add(new Number[] {i, j, value});
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        if (cells.isEmpty()) {
            throw new IllegalStateException("no run that ended ok has the metric '" + metric + "' to draw");
        }
        String title = metric + " over " + xParam + " and " + yParam;
        if (blank > 0) title += " (blank: no finite value)";
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(560)
                .height(480)
                .title(title)
                .xAxisTitle(xParam)
                .yAxisTitle(yParam)
                .build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotContentSize(1);
        styler.setDrawBorder(false);
        styler.setShowValue(!labels && xs.size() * ys.size() <= 64);
        styler.setValueFont(styler.getValueFont().deriveFont(10f));
        styler.setXAxisMaxLabelCount(Math.min(xs.size(), 7));
        styler.setPlotGridLinesVisible(false);
        if (labels) {
            // One colour per label; the legend names them.
            styler.setPiecewise(true);
            styler.setPiecewiseRanged(false);
            styler.setSplitNumber(labelOrder.size());
            styler.setRangeColors(labelColors(labelOrder.size()));
            // NOTE: code k must fall in the k-th of the equal pieces, so the range is [-0.5, n - 0.5].
            styler.setMin(-0.5);
            styler.setMax(labelOrder.size() - 0.5);
            styler.setHeatMapDecimalValueFormatter(code -> {
                int at = (int) Math.floor(code + 0.5);
                return at >= 0 && at < labelOrder.size() ? labelOrder.get(at) : "";
            });
        } else {
            styler.setRangeColors(VIRIDIS);
            // The legend prints its ends in full: round them outwards to three digits.
            styler.setMin(roundTo3(min, false));
            styler.setMax(max > min ? roundTo3(max, true) : roundTo3(min, false) + 1);
            styler.setHeatMapValueDecimalPattern("0.###");
        }
        chart.addSeries(metric, axisLabels(xs), axisLabels(ys), cells);
        return chart;
    }

    /**
     * The values of {@code metric} as a matrix over two numeric parameters, {@code [y][x]}, each the
     * mean over the runs that ended ok there, NaN where none did; rows and columns follow
     * {@link #values(String)}. For {@code Plots.contour(Grid.of(values(x), values(y), matrix(...)))}.
     */
    public double[][] matrix(String metric, String xParam, String yParam) {
        checkMetric(metric);
        double[] xs = values(xParam), ys = values(yParam);
        List<Object> xKeys = distinct(xParam), yKeys = distinct(yParam);
        double[][] sum = new double[ys.length][xs.length];
        int[][] count = new int[ys.length][xs.length];
        for (RunResult run : runs) {
            if (!run.ok() || !run.metrics().has(metric)) continue;
            int i = xKeys.indexOf(run.config().get(xParam)),
                    j = yKeys.indexOf(run.config().get(yParam));
            sum[j][i] += run.metrics().get(metric);
            count[j][i]++;
        }
        double[][] matrix = new double[ys.length][xs.length];
        for (int j = 0; j < ys.length; j++) {
            for (int i = 0; i < xs.length; i++) matrix[j][i] = count[j][i] == 0 ? Double.NaN : sum[j][i] / count[j][i];
        }
        return matrix;
    }

    /** The distinct values of a numeric parameter among the finished runs, ascending. */
    public double[] values(String param) {
        return distinct(param).stream().mapToDouble(v -> numeric(param, v)).toArray();
    }

    /**
     * Lines of {@code metric} over a numeric parameter: the mean of its finite values over the runs
     * that ended ok at each value (a log axis when the parameter was log-spaced).
     */
    public XYChart lines(String metric, String xParam) {
        return lines(metric, xParam, null);
    }

    /** Lines of {@code metric} over {@code xParam}, one per value of {@code seriesParam}. */
    public XYChart lines(String metric, String xParam, String seriesParam) {
        checkMetric(metric);
        List<Object> xs = distinct(xParam);
        List<Object> series = seriesParam == null ? List.of("") : distinct(seriesParam);
        var builder = Plots.lines()
                .title(metric + " over " + xParam)
                .xLabel(xParam)
                .yLabel(metric)
                .markers(true)
                .legend(seriesParam != null);
        if (logScale.contains(xParam)) builder.logX();
        for (Object s : series) {
            List<Double> px = new ArrayList<>(), py = new ArrayList<>();
            for (Object x : xs) {
                double sum = 0;
                int count = 0;
                for (RunResult run : runs) {
                    if (!run.ok()
                            || !run.metrics().has(metric)
                            || !run.config().get(xParam).equals(x)) continue;
                    if (seriesParam != null && !run.config().get(seriesParam).equals(s)) continue;
                    double value = run.metrics().get(metric);
                    if (!Double.isFinite(value)) continue;
                    sum += value;
                    count++;
                }
                if (count > 0) {
                    px.add(numeric(xParam, x));
                    py.add(sum / count);
                }
            }
            if (px.isEmpty()) continue;
            builder.series(
                    seriesParam == null ? metric : seriesParam + " = " + Param.format(s),
                    px.stream().mapToDouble(Double::doubleValue).toArray(),
                    py.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return builder.build();
    }

    /**
     * The reported {@code metric} over steps, one line per run (at most {@code maxRuns}, the first by
     * run number), from a {@link Trainable}'s history.
     */
    public XYChart historyLines(String metric, int maxRuns) {
        var builder = Plots.lines().title(metric + " per step").xLabel("step").yLabel(metric);
        int drawn = 0;
        for (RunResult run : runs) {
            if (drawn == maxRuns) break;
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int step = 0; step < run.history().size(); step++) {
                Metrics report = run.history().get(step);
                if (report.has(metric) && report.value(metric) instanceof Double d && Double.isFinite(d)) {
                    xs.add((double) step);
                    ys.add(d);
                }
            }
            if (xs.isEmpty()) continue;
            builder.series(
                    run.config().index() + ": " + run.config(),
                    xs.stream().mapToDouble(Double::doubleValue).toArray(),
                    ys.stream().mapToDouble(Double::doubleValue).toArray());
            drawn++;
        }
        if (drawn == 0) throw new IllegalStateException("no run reported a finite '" + metric + "'");
        return builder.build();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void checkMetric(String metric) {
        if (!metricNames().contains(metric)) {
            int errors = count(Status.ERROR);
            throw new IllegalArgumentException("no metric '" + metric + "' in this sweep; it has " + metricNames()
                    + (errors > 0
                            ? " (" + errors + " of " + size() + " runs ended in an error: see the error column)"
                            : ""));
        }
    }

    private void checkParam(String param) {
        if (!paramNames.contains(param)) {
            throw new IllegalArgumentException("no parameter '" + param + "' in this sweep; it has " + paramNames);
        }
    }

    /** The distinct values of a parameter: numbers ascending, other values in first-seen order. */
    private List<Object> distinct(String param) {
        checkParam(param);
        Set<Object> seen = new LinkedHashSet<>();
        for (RunResult run : runs) seen.add(run.config().get(param));
        if (seen.stream().allMatch(v -> v instanceof Number)) {
            TreeSet<Object> sorted = new TreeSet<>(Comparator.comparingDouble(v -> ((Number) v).doubleValue()));
            sorted.addAll(seen);
            return new ArrayList<>(sorted);
        }
        return new ArrayList<>(seen);
    }

    /** The labels of {@code metric} in the order they first occur among the whole sweep's runs. */
    private List<String> labelOrder(String metric) {
        Set<String> order = new LinkedHashSet<>();
        for (RunResult run : sweepRuns) {
            if (run.metrics().has(metric))
                order.add(String.valueOf(run.metrics().value(metric)));
        }
        return new ArrayList<>(order);
    }

    private static double roundTo3(double x, boolean up) {
        if (x == 0 || !Double.isFinite(x)) return x;
        double scale = Math.pow(10, 2 - Math.floor(Math.log10(Math.abs(x))));
        double scaled = up ? Math.ceil(x * scale) : Math.floor(x * scale);
        return Double.parseDouble(Metrics.format(scaled / scale));
    }

    private static int mostCommon(Map<Integer, Integer> votes) {
        int best = -1, most = 0;
        for (var vote : votes.entrySet()) {
            if (vote.getValue() > most || (vote.getValue() == most && vote.getKey() < best)) {
                best = vote.getKey();
                most = vote.getValue();
            }
        }
        return best;
    }

    private static double numeric(String param, Object value) {
        if (value instanceof Number number) return number.doubleValue();
        throw new IllegalArgumentException("parameter '" + param + "' has the non-numeric value " + value
                + "; use it in a heatmap or as the series of lines(metric, x, series)");
    }

    private static List<String> axisLabels(List<Object> values) {
        return values.stream().map(Param::format).toList();
    }

    private static final Color[] VIRIDIS = {
        new Color(0x44, 0x01, 0x54),
        new Color(0x3b, 0x52, 0x8b),
        new Color(0x21, 0x90, 0x8d),
        new Color(0x5d, 0xc8, 0x63),
        new Color(0xfd, 0xe7, 0x25)
    };

    private static Color[] labelColors(int n) {
        Color[] palette = {
            new Color(0x1f, 0x77, 0xb4), new Color(0xff, 0x7f, 0x0e), new Color(0x2c, 0xa0, 0x2c),
            new Color(0xd6, 0x27, 0x28), new Color(0x94, 0x67, 0xbd), new Color(0x8c, 0x56, 0x4b),
            new Color(0xe3, 0x77, 0xc2), new Color(0x7f, 0x7f, 0x7f)
        };
        Color[] colors = new Color[Math.max(2, n)];
        for (int i = 0; i < colors.length; i++) colors[i] = palette[i % palette.length];
        return colors;
    }

    /** A column for parameter values: ints, longs, doubles, booleans, or strings when mixed. */
    private static Column<?> column(String name, List<Object> values) {
        if (values.stream().allMatch(v -> v instanceof Integer)) {
            return IntColumn.create(
                    name, values.stream().mapToInt(v -> (Integer) v).toArray());
        }
        if (values.stream().allMatch(v -> v instanceof Integer || v instanceof Long)) {
            return LongColumn.create(
                    name,
                    values.stream().mapToLong(v -> ((Number) v).longValue()).toArray());
        }
        if (values.stream().allMatch(v -> v instanceof Number)) {
            return DoubleColumn.create(
                    name,
                    values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray());
        }
        if (values.stream().allMatch(v -> v instanceof Boolean)) {
            BooleanColumn column = BooleanColumn.create(name);
            values.forEach(v -> column.append((Boolean) v));
            return column;
        }
        return StringColumn.create(name, values.stream().map(String::valueOf).toList());
    }

    /** A metric column: numbers (missing and NaN print as NaN), or labels when any run gave a label. */
    private static Column<?> metricColumn(String name, List<Metrics> rows) {
        boolean labels = rows.stream().anyMatch(m -> m.has(name) && m.value(name) instanceof String);
        if (labels) {
            // NOTE: a number among labels is kept as its text rather than lost.
            return StringColumn.create(
                    name,
                    rows.stream()
                            .map(m -> m.has(name) ? String.valueOf(m.value(name)) : "")
                            .toList());
        }
        DoubleColumn column = DoubleColumn.create(
                name,
                rows.stream()
                        .mapToDouble(m -> m.has(name) ? m.get(name) : Double.NaN)
                        .toArray());
        column.setPrintFormatter(new NumberColumnFormatter(DoubleText.SHORTEST, "NaN"));
        return column;
    }

    /**
     * A column's text for its doubles: {@code SHORTEST} is Java's shortest round-trip text (Tablesaw's
     * default rounds to a few digits), {@code THREE_DIGITS} three significant digits (0.000123, 1.23).
     */
    private static final class DoubleText extends NumberFormat {
        private static final long serialVersionUID = 1L;
        static final DoubleText SHORTEST = new DoubleText(0);
        static final DoubleText THREE_DIGITS = new DoubleText(3);
        private final int digits; // 0: shortest round trip

        private DoubleText(int digits) {
            this.digits = digits;
        }

        @Override
        public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
            if (digits == 0 || !Double.isFinite(number)) return to.append(Double.toString(number));
            if (number == 0) return to.append("0");
            return to.append(new java.math.BigDecimal(number)
                    .round(new java.math.MathContext(digits))
                    .stripTrailingZeros()
                    .toPlainString());
        }

        @Override
        public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
            return to.append(number);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("format only");
        }
    }

    /** {@code 81 of 81 runs (79 ok, 2 diverged, 0 errors) in 1.2 s on local threads: 2}. */
    @Override
    public String toString() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Status status : Status.values()) counts.put(status.toString(), count(status));
        return String.format(
                Locale.ROOT,
                "%s: %d of %d runs (%d ok, %d diverged, %d errors) in %.2f s on %s%s",
                name,
                size(),
                planned,
                counts.get("ok"),
                counts.get("diverged"),
                counts.get("error"),
                seconds,
                backend,
                interrupted ? ", interrupted" : running ? ", still running" : "");
    }
}
