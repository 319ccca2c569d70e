// bench: requires autograd.sweep
package autograd.bench;

import autograd.sweep.Metrics;
import autograd.sweep.Param;
import autograd.sweep.RunResult;
import autograd.sweep.Sweep;
import autograd.sweep.SweepResults;

/**
 * W7 as a {@link Sweep} on all cores: one run per cell, each notebook 06's scalar simulation and
 * backward pass ({@link Workloads#w7Cell}), so the map is the serial variant's, bit for bit, and
 * the speed-up over it is what the cores give.
 */
public final class W7Sweep implements Workloads.SensitivityMap {

    @Override
    public double[] compute(double[] angles) {
        int n = angles.length;
        SweepResults results = Sweep.over(Param.range("j", 0, n), Param.range("i", 0, n))
                .progress(false)
                .run(c -> Metrics.of("log10", Workloads.w7Cell(angles[c.getInt("i")], angles[c.getInt("j")])));
        if (results.size() != n * n) {
            throw new IllegalStateException("W7 sweep: " + results.size() + " runs of " + n * n);
        }
        double[] map = new double[n * n];
        for (RunResult run : results.runs()) {
            if (!run.ok()) throw new IllegalStateException("W7 sweep: run " + run + " failed");
            map[run.config().getInt("j") * n + run.config().getInt("i")] =
                    run.metrics().get("log10");
        }
        return map;
    }
}
