package autograd.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.knowm.xchart.XYChart;

/**
 * Renders one example of each picture into build/plots-examples, to look at by eye.
 * Run: {@code java -Djava.awt.headless=true -cp target/classes:target/test-classes:$(cat cp.txt)
 * autograd.plot.PlotExamples}.
 */
public final class PlotExamples {

    private PlotExamples() {}

    static double[][] gd(double x, double y, double lr, int steps) {
        double[] xs = new double[steps + 1];
        double[] ys = new double[steps + 1];
        xs[0] = x;
        ys[0] = y;
        for (int k = 1; k <= steps; k++) {
            double gx = 2 * xs[k - 1];
            double gy = 20 * ys[k - 1];
            xs[k] = xs[k - 1] - lr * gx;
            ys[k] = ys[k - 1] - lr * gy;
        }
        return new double[][] {xs, ys};
    }

    static double[][] moons(int n, long seed, int[] labels) {
        Random random = new Random(seed);
        double[][] points = new double[n][];
        for (int k = 0; k < n; k++) {
            double t = Math.PI * random.nextDouble();
            boolean upper = k % 2 == 0;
            double x = upper ? Math.cos(t) : 1 - Math.cos(t);
            double y = upper ? Math.sin(t) : 0.5 - Math.sin(t);
            points[k] = new double[] {x + 0.1 * random.nextGaussian(), y + 0.1 * random.nextGaussian()};
            labels[k] = upper ? 0 : 1;
        }
        return points;
    }

    public static void main(String[] args) {
        String dir = args.length > 0 ? args[0] : "build/plots-examples";
        double[][] run1 = gd(-1.8, 0.9, 0.09, 25);
        double[][] run2 = gd(1.5, -0.8, 0.03, 40);
        ContourChart bowl = Plots.contour((x, y) -> x * x + 10 * y * y, -2, 2, -1, 1)
                .levels(12)
                .title("Gradient descent on f(x, y) = x^2 + 10y^2")
                .trajectory("lr = 0.09", run1[0], run1[1])
                .trajectory("lr = 0.03", run2[0], run2[1])
                .colorBarLabel("f")
                .build();
        Plots.save(bowl, dir + "/contour-filled.png");

        ContourChart rosen = Plots.contour((x, y) -> Math.pow(1 - x, 2) + 100 * Math.pow(y - x * x, 2), -2, 2, -1, 3)
                .logLevels(14)
                .filled(false)
                .title("Rosenbrock, log-spaced levels")
                .trajectory("path", new double[] {-1.5, -1.0, -0.5, 0.2, 0.6, 0.9, 1.0}, new double[] {
                    2.5, 1.0, 0.3, 0.05, 0.35, 0.8, 1.0
                })
                .build();
        Plots.save(rosen, dir + "/contour-lines.png");
        Plots.save(
                Plots.contour((x, y) -> x * x + y * y - x * y, -2, 2, -2, 2)
                        .levels(8)
                        .equalAspect()
                        .title("equal aspect")
                        .trajectory("GD", run1[0], run1[1])
                        .build(),
                dir + "/contour-equal-aspect.png");

        double[] gdLoss = new double[200];
        double[] adamLoss = new double[200];
        for (int k = 0; k < 200; k++) {
            gdLoss[k] = Math.exp(-0.03 * k) + 1e-4;
            adamLoss[k] = Math.exp(-0.08 * k) * (1 + 0.3 * Math.sin(k / 3.0)) + 1e-6;
        }
        XYChart loss = Plots.lines()
                .title("Distance to the minimum")
                .logY()
                .xLabel("step i")
                .yLabel("|x_i - x^*|")
                .series("GD", gdLoss)
                .series("Adam", adamLoss)
                .build();
        Plots.save(loss, dir + "/loss-log.png");

        int[] labels = new int[200];
        double[][] points = moons(200, 7, labels);
        Plots.save(Plots.classes(points, labels), dir + "/classes.png");
        ContourChart boundary = Plots.decisionBoundary(
                        (x, y) -> -Math.tanh(3 * (y - 0.25 + 0.6 * Math.sin(2.2 * (x - 0.5)))), points, labels)
                .title("Decision boundary")
                .confidence(true)
                .build();
        Plots.save(boundary, dir + "/decision-boundary.png");
        ContourChart linear = Plots.linearBoundary(1, -2, 0.2, points, labels)
                .title("Perceptron: \\theta_1 x_1 + \\theta_2 x_2 + b = 0")
                .build();
        Plots.save(linear, dir + "/linear-boundary.png");

        int[] blobLabels = new int[150];
        double[][] blobs = new double[150][];
        Random random = new Random(3);
        double[][] centres = {{0, 0}, {3, 1}, {1, 3}};
        for (int k = 0; k < 150; k++) {
            blobLabels[k] = k % 3;
            blobs[k] = new double[] {
                centres[k % 3][0] + 0.7 * random.nextGaussian(), centres[k % 3][1] + 0.7 * random.nextGaussian()
            };
        }
        ContourChart multi = DecisionBoundary.multiclass(
                        (x, y) -> {
                            int best = 0;
                            double bestD = Double.POSITIVE_INFINITY;
                            for (int c = 0; c < 3; c++) {
                                double d = Math.hypot(x - centres[c][0], y - centres[c][1]);
                                if (d < bestD) {
                                    bestD = d;
                                    best = c;
                                }
                            }
                            return best;
                        },
                        blobs,
                        blobLabels)
                .title("Nearest centre, 3 classes")
                .build();
        Plots.save(multi, dir + "/multiclass.png");

        Figure figure = Figure.grid(2, 2)
                .title("Four panels")
                .add(bowl, loss, boundary, multi)
                .build();
        figure.save(dir + "/figure-2x2.png");

        List<XYChart> frames = new ArrayList<>();
        Animation.Builder anim = Animation.builder().delayMillis(60);
        for (int i = 0; i < 30; i++) {
            double theta = 0.8 * Math.cos(i * 2 * Math.PI / 30);
            double x = Math.sin(theta);
            double y = -Math.cos(theta);
            XYChart frame = Plots.lines()
                    .size(320, 320)
                    .xRange(-1.2, 1.2)
                    .yRange(-1.2, 0.3)
                    .series("arm", new double[] {0, x}, new double[] {0, y})
                    .markers(true)
                    .legend(false)
                    .build();
            frames.add(frame);
            anim.frame(frame, String.format("time = %.1fs", i * 0.06));
        }
        anim.build().save(dir + "/pendulum.gif");
        autograd.Value a = autograd.Value.of(2).label("a");
        autograd.Value b = autograd.Value.of(-3).label("b");
        autograd.Value c = autograd.Value.of(10).label("c");
        autograd.Value e = a.mul(b).label("e");
        autograd.Value d = e.add(c).label("d");
        autograd.Value f = autograd.Value.of(-0.2).label("f");
        autograd.Value out = d.mul(f).tanh().label("L");
        out.backward();
        GraphView graph = GraphView.of(out);
        graph.save(dir + "/graph-dot.svg");
        graph.builtinLayout().save(dir + "/graph-builtin.svg");
        Pictures.write(dir + "/" + "graph-builtin.png", graph.builtinLayout().png());
        Pictures.write(dir + "/" + "graph-dot.png", graph.png());
        autograd.Variable w = new autograd.Variable(new double[][] {{1, 2}, {3, 4}}).label("W");
        autograd.Variable x = new autograd.Variable(new double[] {0.5, -1}).label("x");
        autograd.Variable y = w.matmul(x).tanh().sum().label("y");
        y.backward();
        GraphView.of(y).builtinLayout().save(dir + "/graph-variable-builtin.svg");
        GraphView.of(y).save(dir + "/graph-variable-dot.svg");
        Pictures.write(
                dir + "/" + "graph-variable-builtin.png",
                GraphView.of(y).builtinLayout().png());
        Pictures.write(dir + "/" + "graph-variable-dot.png", GraphView.of(y).png());
        System.out.println("graph layout: " + graph.layout() + ", " + graph);
        System.out.println("wrote examples to " + dir);
    }
}
