package autograd.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import org.knowm.xchart.internal.chartpart.Annotation;

/**
 * Arrow heads along a polyline in data coordinates, drawn on top of an XY chart so the direction
 * of a trajectory reads at a glance. At most {@code maxArrows} heads, spread evenly over the steps
 * that are long enough on screen to carry one.
 */
final class Arrows extends Annotation {

    private static final double MIN_SEGMENT_PIXELS = 9;

    private final double[] xs;
    private final double[] ys;
    private final Color color;
    private final int maxArrows;

    Arrows(double[] xs, double[] ys, Color color, int maxArrows) {
        super(false);
        this.xs = xs.clone();
        this.ys = ys.clone();
        this.color = color;
        this.maxArrows = maxArrows;
    }

    @Override
    public void paint(Graphics2D g) {
        if (!isVisible || xs.length < 2 || maxArrows <= 0) {
            return;
        }
        Graphics2D g2 = (Graphics2D) g.create();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int left = getXAxisScreenValueForMin();
            int right = getXAxisScreenValueForMax();
            int top = getYAxisScreenValueForMax();
            int bottom = getYAxisScreenValueForMin();
            g2.clip(new Rectangle2D.Double(
                    Math.min(left, right), Math.min(top, bottom), Math.abs(right - left), Math.abs(bottom - top)));
            int segments = xs.length - 1;
            int[] eligible = new int[segments];
            int count = 0;
            for (int k = 0; k < segments; k++) {
                double dx = getXAxisScreenValue(xs[k + 1]) - getXAxisScreenValue(xs[k]);
                double dy = getYAxisScreenValue(ys[k + 1]) - getYAxisScreenValue(ys[k]);
                if (Math.hypot(dx, dy) >= MIN_SEGMENT_PIXELS) {
                    eligible[count++] = k;
                }
            }
            int arrows = Math.min(count, maxArrows);
            g2.setColor(color);
            g2.setStroke(new BasicStroke(1f));
            for (int a = 0; a < arrows; a++) {
                // Spread evenly over the eligible steps, always including the first one.
                int k = eligible[(int) ((long) a * count / arrows)];
                g2.fill(head(
                        getXAxisScreenValue(xs[k]),
                        getYAxisScreenValue(ys[k]),
                        getXAxisScreenValue(xs[k + 1]),
                        getYAxisScreenValue(ys[k + 1])));
            }
        } finally {
            g2.dispose();
        }
    }

    /** A filled triangle at the middle of the segment, pointing from (x0, y0) to (x1, y1). */
    private static Shape head(double x0, double y0, double x1, double y1) {
        double angle = Math.atan2(y1 - y0, x1 - x0);
        double length = Math.min(11, Math.hypot(x1 - x0, y1 - y0) * 0.8);
        double width = length * 0.55;
        double tipX = (x0 + x1) / 2 + Math.cos(angle) * length / 2;
        double tipY = (y0 + y1) / 2 + Math.sin(angle) * length / 2;
        double baseX = tipX - Math.cos(angle) * length;
        double baseY = tipY - Math.sin(angle) * length;
        Path2D.Double path = new Path2D.Double();
        path.moveTo(tipX, tipY);
        path.lineTo(baseX - Math.sin(angle) * width / 2, baseY + Math.cos(angle) * width / 2);
        path.lineTo(baseX + Math.sin(angle) * width / 2, baseY - Math.cos(angle) * width / 2);
        path.closePath();
        return path;
    }

    @Override
    public Rectangle2D getBounds() {
        return bounds;
    }
}
