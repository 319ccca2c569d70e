package autograd.plot;

import java.util.Locale;

/** Numbers as short labels: log-axis ticks and colour-bar levels. */
final class TickLabels {

    private TickLabels() {}

    /** Tick labels of log axes: powers of ten as 10⁻³, others as short decimals. */
    static String log(Double value) {
        if (value == null || !(value > 0)) {
            return "";
        }
        double exponent = Math.log10(value);
        long rounded = Math.round(exponent);
        if (Math.abs(exponent - rounded) < 1e-9) {
            if (rounded >= 0 && rounded <= 3) {
                return String.valueOf((long) Math.pow(10, rounded));
            }
            return TexLabels.toUnicode("10^{" + rounded + "}");
        }
        return level(value);
    }

    /** A level as short as it reads: 2, 0.25, 1.5e-4, 3e6. */
    static String level(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return String.valueOf((long) v);
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains("e")) {
            return s.replaceAll("\\.?0+e", "e")
                    .replace("e+0", "e")
                    .replace("e-0", "e-")
                    .replace("e+", "e");
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
