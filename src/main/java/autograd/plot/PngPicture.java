package autograd.plot;

import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;

/** A chart rendered once to PNG, as a {@link Displayable}: what {@link Plots#display} returns. */
record PngPicture(byte[] png, String text) implements Displayable {

    static PngPicture of(Chart<?, ?> chart) {
        byte[] png = Pictures.png(chart);
        String title = chart.getTitle() == null ? "" : chart.getTitle();
        return new PngPicture(png, "chart '" + title + "' " + chart.getWidth() + "x" + chart.getHeight());
    }

    @Override
    public Map<String, String> mimeBundle() {
        return Pictures.bundle("image/png", png, text);
    }

    @Override
    public Path save(String path) {
        return Pictures.write(path, png);
    }
}
