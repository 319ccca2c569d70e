package autograd.notebook;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar for long loops that redraws itself in place in a notebook (one output that
 * updates, not one line per step) and prints plain text lines anywhere else (jshell, tests).
 * Redraws are throttled so a tight loop does not flood the notebook; the final state is always
 * shown, so the saved notebook records how the loop ended. While steps remain it estimates the
 * time left from the rate so far; the note after the bar can say anything else (a loss, the best
 * run of a sweep). A bar may be updated from several threads.
 *
 * <pre>{@code
 * jshell> try (var bar = ProgressBar.start("training", 100)) {
 *    ...>     for (int epoch = 0; epoch < 100; epoch++) {
 *    ...>         double loss = 1.0 / (epoch + 1);
 *    ...>         bar.step(String.format("loss %.3f", loss));
 *    ...>     }
 *    ...> }
 * training [------------------------------]   0% 0/100 0.0s
 * training [##############################] 100% 100/100 0.0s loss 0.010
 * }</pre>
 *
 *
 * <p>Part-way, a bar also estimates the time left, e.g. {@code sweep [###############---------------]
 * 49% 40/81 2.0s, 2.1s left best loss 0.01}. A {@link autograd.sweep.Sweep} draws one like that.
 */
public final class ProgressBar implements AutoCloseable {

    /** Where a bar's drawings go: the notebook (updating one output) or a text stream. */
    interface Output {
        /** Shows the bar's current drawing; later calls replace what earlier calls showed. */
        void show(String plain, String html);
    }

    static final long DEFAULT_REDRAW_NANOS = 150_000_000L;
    private static final int BAR_CHARS = 30;

    private final String label;
    private final long total;
    private final Output output;
    private final LongSupplier clock;
    private final long redrawNanos;
    private final long startNanos;
    private long done;
    private String note = "";
    private long lastDrawNanos;
    private long drawnDone = -1;
    private String drawnNote = "";
    private boolean closed;

    ProgressBar(String label, long total, Output output, LongSupplier clock, long redrawNanos) {
        if (total < 1) {
            throw new IllegalArgumentException("total must be at least 1, got " + total);
        }
        this.label = label == null ? "" : label;
        this.total = total;
        this.output = output;
        this.clock = clock;
        this.redrawNanos = redrawNanos;
        this.startNanos = clock.getAsLong();
        draw();
    }

    /** A bar for {@code total} steps, shown at once (in place in a notebook, as text elsewhere). */
    public static ProgressBar start(String label, long total) {
        return new ProgressBar(label, total, KernelOutputs.forCurrentKernel(), System::nanoTime, DEFAULT_REDRAW_NANOS);
    }

    /** A bar for {@code total} steps without a label. */
    public static ProgressBar start(long total) {
        return start("", total);
    }

    /** One more step done. */
    public synchronized ProgressBar step() {
        return update(done + 1, note);
    }

    /** One more step done, with a note shown after the bar (a loss, an accuracy). */
    public synchronized ProgressBar step(String note) {
        return update(done + 1, note);
    }

    /** {@code done} steps done so far (clamped to 0..total). */
    public ProgressBar update(long done) {
        return update(done, note);
    }

    /** {@code done} steps done so far, with a note shown after the bar. */
    public synchronized ProgressBar update(long done, String note) {
        if (closed) {
            throw new IllegalStateException("progress bar '" + label + "' is closed");
        }
        this.done = Math.max(0, Math.min(total, done));
        this.note = note == null ? "" : note;
        long now = clock.getAsLong();
        if (this.done == total || now - lastDrawNanos >= redrawNanos) {
            draw();
        }
        return this;
    }

    /** Steps done so far. */
    public synchronized long done() {
        return done;
    }

    /** Steps in all. */
    public long total() {
        return total;
    }

    /** Shows the final state (even if throttling skipped the last redraw). */
    @Override
    public synchronized void close() {
        if (!closed) {
            if (drawnDone != done || !drawnNote.equals(note)) {
                draw();
            }
            closed = true;
        }
    }

    /** The bar as one line of text, e.g. {@code training [#####-----]  50% 5/10 1.2s loss 0.3}. */
    public synchronized String text() {
        int filled = (int) (BAR_CHARS * done / total);
        StringBuilder line = new StringBuilder();
        if (!label.isEmpty()) {
            line.append(label).append(' ');
        }
        line.append('[')
                .append("#".repeat(filled))
                .append("-".repeat(BAR_CHARS - filled))
                .append("] ");
        line.append(counts());
        if (!note.isEmpty()) {
            line.append(' ').append(note);
        }
        return line.toString();
    }

    /** The bar as HTML: a native {@code <progress>} element and the same numbers as {@link #text()}. */
    public synchronized String html() {
        return "<div style=\"font-family:monospace\">"
                + (label.isEmpty() ? "" : TableHtml.escape(label) + " ")
                + "<progress value=\"" + done + "\" max=\"" + total + "\" style=\"width:20em\"></progress> "
                + counts()
                + (note.isEmpty() ? "" : " " + TableHtml.escape(note))
                + "</div>";
    }

    /** {@code  40% 4/10 1.2s}, and the estimated time left while steps remain. */
    private String counts() {
        double elapsed = seconds();
        String text = String.format(Locale.ROOT, "%3d%% %d/%d %.1fs", percent(), done, total, elapsed);
        if (done > 0 && done < total) {
            text += ", " + duration(elapsed * (total - done) / done) + " left";
        }
        return text;
    }

    /** {@code 4.2s}, {@code 3m 05s}, {@code 1h 02m}. */
    static String duration(double seconds) {
        if (seconds < 60) return String.format(Locale.ROOT, "%.1fs", seconds);
        long s = Math.round(seconds);
        if (s < 3600) return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    private int percent() {
        return (int) (100 * done / total);
    }

    private double seconds() {
        return (clock.getAsLong() - startNanos) / 1e9;
    }

    private void draw() {
        lastDrawNanos = clock.getAsLong();
        drawnDone = done;
        drawnNote = note;
        output.show(text(), html());
    }

    @Override
    public String toString() {
        return text();
    }
}
