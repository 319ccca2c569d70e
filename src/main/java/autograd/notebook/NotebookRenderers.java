package autograd.notebook;

import autograd.plot.Displayable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.RenderFunction;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * How the project's objects look as the value of a notebook cell or in {@code display(x)}: XChart
 * charts as crisp inline PNGs, Tablesaw tables as HTML tables, anything {@link Displayable} through
 * its own MIME bundle (GIF animations, SVG graphs), and the engine's {@code Value}/{@code Variable}
 * as text.
 *
 * <p>Every renderer is guarded: if drawing fails (say an engine class changed under a running
 * kernel), the cell shows a one-line message instead of an error, and the kernel lives on.
 *
 * <pre>{@code
 * jshell> var renderer = new Renderer();        // needs the jjava-jupyter JAR on the class path
 * jshell> NotebookRenderers.registerAll(renderer)
 * $2 ==> [org.knowm.xchart.internal.chartpart.Chart, tech.tablesaw.api.Table, autograd.plot.Displayable, autograd.Value, autograd.Variable]
 * jshell> var chart = new XYChartBuilder().width(400).height(300).build();
 * jshell> renderer.render(chart).getData(MIMEType.IMAGE_PNG) != null
 * $4 ==> true
 * }</pre>
 */
public final class NotebookRenderers {

    /** Engine classes shown as text; looked up by name so this code never links against them. */
    static final List<String> TEXT_CLASSES = List.of("autograd.Value", "autograd.Variable");

    private NotebookRenderers() {}

    /** Registers every renderer on {@code renderer}; returns what was registered, for the log. */
    public static List<String> registerAll(Renderer renderer) {
        List<String> registered = new java.util.ArrayList<>();
        registerCharts(renderer);
        registered.add(Chart.class.getName());
        registerTables(renderer);
        registered.add(Table.class.getName());
        registerDisplayables(renderer);
        registered.add(Displayable.class.getName());
        ClassLoader loader = NotebookRenderers.class.getClassLoader();
        for (String name : TEXT_CLASSES) {
            Class<?> type = findClass(name, loader);
            if (type != null) {
                registerAsText(renderer, type);
                registered.add(name);
            }
        }
        return registered;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static void registerCharts(Renderer renderer) {
        renderer.createRegistration((Class) Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register(guarded(
                        "chart", (RenderFunction<Chart>) (chart, ctx) -> putChart(ctx.getOutputContainer(), chart)));
    }

    static void registerTables(Renderer renderer) {
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .register(guarded("table", (table, ctx) -> {
                    DisplayData out = ctx.getOutputContainer();
                    out.putHTML(TableHtml.of(table));
                    out.putText(table.print(TableHtml.DEFAULT_MAX_ROWS));
                }));
    }

    static void registerDisplayables(Renderer renderer) {
        renderer.createRegistration(Displayable.class)
                .supporting(MIMEType.ANY)
                .register(guarded(
                        "picture", (picture, ctx) -> putBundle(ctx.getOutputContainer(), picture.mimeBundle())));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static void registerAsText(Renderer renderer, Class<?> type) {
        renderer.createRegistration((Class) type)
                .preferring(MIMEType.TEXT_PLAIN)
                .register(guarded(type.getSimpleName(), (RenderFunction<Object>)
                        (value, ctx) -> ctx.getOutputContainer().putText(String.valueOf(value))));
    }

    /** Puts {@code chart} into {@code out} as a 2x PNG sized back to the chart's own size. */
    static void putChart(DisplayData out, Chart<?, ?> chart) {
        ChartPng png = ChartPng.render(chart);
        Map<String, Object> size = new LinkedHashMap<>();
        size.put("width", png.width());
        size.put("height", png.height());
        out.putData(MIMEType.IMAGE_PNG, png.base64());
        out.putMetaData(MIMEType.IMAGE_PNG, size);
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " \"" + chart.getTitle() + "\"";
        out.putText(chart.getClass().getSimpleName() + title + " (" + png.width() + "x" + png.height() + ")");
    }

    /** Copies a {@link Displayable}'s MIME bundle into {@code out}; it always has some text/plain. */
    static void putBundle(DisplayData out, Map<String, String> bundle) {
        if (bundle == null || bundle.isEmpty()) {
            out.putText("(empty picture: its MIME bundle has no entries)");
            return;
        }
        bundle.forEach((mime, content) -> {
            if (mime != null && content != null) {
                out.putData(mime, content);
            }
        });
        if (!bundle.containsKey(MIMEType.TEXT_PLAIN.toString())) {
            out.putText("(picture: " + String.join(", ", bundle.keySet()) + ")");
        }
    }

    static <T> RenderFunction<T> guarded(String what, RenderFunction<T> function) {
        return (value, ctx) -> {
            try {
                function.render(value, ctx);
            } catch (RuntimeException | LinkageError e) {
                // A picture that cannot be drawn must not take the kernel (or the cell) down with it.
                ctx.getOutputContainer().putText("(" + what + " could not be rendered: " + e + ")");
            }
        };
    }

    static Class<?> findClass(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
