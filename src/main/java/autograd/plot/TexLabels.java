package autograd.plot;

import java.util.Map;

/**
 * Turns simple TeX, as people write it in axis labels, into readable Unicode text: {@code x_i}
 * becomes x with a subscript i, {@code \theta_1} becomes θ₁, {@code x^2} becomes x², and
 * {@code |x_i - x^*|} becomes |xᵢ − x*|. Characters without a Unicode sub/superscript keep the
 * TeX spelling ({@code x_q} stays {@code x_q}) so nothing is silently lost. Dollar signs are dropped.
 *
 * <pre>{@code
 * jshell> TexLabels.toUnicode("\\theta_1^2 - \\alpha \\nabla f")
 * $1 ==> "θ₁² − α∇f"
 * }</pre>
 */
public final class TexLabels {

    private static final Map<String, String> COMMANDS = Map.ofEntries(
            Map.entry("alpha", "α"),
            Map.entry("beta", "β"),
            Map.entry("gamma", "γ"),
            Map.entry("delta", "δ"),
            Map.entry("epsilon", "ε"),
            Map.entry("varepsilon", "ε"),
            Map.entry("zeta", "ζ"),
            Map.entry("eta", "η"),
            Map.entry("theta", "θ"),
            Map.entry("iota", "ι"),
            Map.entry("kappa", "κ"),
            Map.entry("lambda", "λ"),
            Map.entry("mu", "μ"),
            Map.entry("nu", "ν"),
            Map.entry("xi", "ξ"),
            Map.entry("pi", "π"),
            Map.entry("rho", "ρ"),
            Map.entry("sigma", "σ"),
            Map.entry("tau", "τ"),
            Map.entry("phi", "φ"),
            Map.entry("varphi", "φ"),
            Map.entry("chi", "χ"),
            Map.entry("psi", "ψ"),
            Map.entry("omega", "ω"),
            Map.entry("Gamma", "Γ"),
            Map.entry("Delta", "Δ"),
            Map.entry("Theta", "Θ"),
            Map.entry("Lambda", "Λ"),
            Map.entry("Xi", "Ξ"),
            Map.entry("Pi", "Π"),
            Map.entry("Sigma", "Σ"),
            Map.entry("Phi", "Φ"),
            Map.entry("Psi", "Ψ"),
            Map.entry("Omega", "Ω"),
            Map.entry("nabla", "∇"),
            Map.entry("partial", "∂"),
            Map.entry("infty", "∞"),
            Map.entry("cdot", "·"),
            Map.entry("times", "×"),
            Map.entry("pm", "±"),
            Map.entry("le", "≤"),
            Map.entry("leq", "≤"),
            Map.entry("ge", "≥"),
            Map.entry("geq", "≥"),
            Map.entry("ne", "≠"),
            Map.entry("neq", "≠"),
            Map.entry("approx", "≈"),
            Map.entry("sim", "∼"),
            Map.entry("to", "→"),
            Map.entry("rightarrow", "→"),
            Map.entry("leftarrow", "←"),
            Map.entry("sum", "Σ"),
            Map.entry("prod", "∏"),
            Map.entry("sqrt", "√"),
            Map.entry("in", "∈"),
            Map.entry("ell", "ℓ"),
            Map.entry("log", "log"),
            Map.entry("exp", "exp"),
            Map.entry("ln", "ln"),
            Map.entry("min", "min"),
            Map.entry("max", "max"),
            Map.entry("|", "‖"),
            Map.entry("Vert", "‖"),
            Map.entry("lVert", "‖"),
            Map.entry("rVert", "‖"),
            Map.entry("langle", "⟨"),
            Map.entry("rangle", "⟩"),
            Map.entry("star", "⋆"),
            Map.entry("circ", "∘"),
            Map.entry("quad", "  "),
            Map.entry(",", " "),
            Map.entry(" ", " "),
            Map.entry("left", ""),
            Map.entry("right", ""),
            Map.entry("mathrm", ""),
            Map.entry("mathbf", ""),
            Map.entry("text", ""),
            Map.entry("operatorname", ""),
            Map.entry("{", "{"),
            Map.entry("}", "}"),
            Map.entry("_", "_"),
            Map.entry("%", "%"));

    private static final String SUPER_FROM = "0123456789+-=()niabcdefghjklmoprstuvwxyzABDEGHIJKLMNOPRTUVW*";
    private static final String SUPER_TO = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ*";
    private static final String SUB_FROM = "0123456789+-=()aehijklmnoprstuvx";
    private static final String SUB_TO = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ";

    private TexLabels() {}

    /** The Unicode rendering of {@code tex}; {@code null} stays {@code null}. */
    public static String toUnicode(String tex) {
        if (tex == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < tex.length()) {
            char c = tex.charAt(i);
            if (c == '$') {
                i++;
            } else if (c == '\\') {
                int end = commandEnd(tex, i + 1);
                String name = tex.substring(i + 1, end);
                out.append(COMMANDS.getOrDefault(name, name));
                i = end;
                // As in TeX, a space after a symbol command only ends the command's name; after
                // relations (≤, →) it stays, since TeX would put space around those anyway.
                String symbol = COMMANDS.getOrDefault(name, name);
                boolean letterLike =
                        symbol.length() == 1 && (Character.isLetter(symbol.charAt(0)) || "∇∂".contains(symbol));
                if (i < tex.length() && tex.charAt(i) == ' ' && letterLike) {
                    i++;
                }
            } else if (c == '_' || c == '^') {
                int[] span = argument(tex, i + 1);
                String argument = toUnicode(tex.substring(span[0], span[1]));
                out.append(script(argument, c == '^'));
                i = span[2];
            } else if (c == '{' || c == '}') {
                i++;
            } else if (c == '-' && i > 0 && tex.charAt(i - 1) == ' ') {
                out.append('−');
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int commandEnd(String tex, int start) {
        if (start >= tex.length()) {
            return start;
        }
        if (!Character.isLetter(tex.charAt(start))) {
            return start + 1;
        }
        int end = start;
        while (end < tex.length() && Character.isLetter(tex.charAt(end))) {
            end++;
        }
        return end;
    }

    /** [argument start, argument end, index after the argument] for a sub/superscript. */
    private static int[] argument(String tex, int start) {
        if (start >= tex.length()) {
            return new int[] {start, start, start};
        }
        if (tex.charAt(start) == '{') {
            int depth = 0;
            for (int j = start; j < tex.length(); j++) {
                if (tex.charAt(j) == '{') {
                    depth++;
                } else if (tex.charAt(j) == '}' && --depth == 0) {
                    return new int[] {start + 1, j, j + 1};
                }
            }
            return new int[] {start + 1, tex.length(), tex.length()};
        }
        if (tex.charAt(start) == '\\') {
            int end = commandEnd(tex, start + 1);
            return new int[] {start, end, end};
        }
        return new int[] {start, start + 1, start + 1};
    }

    private static String script(String text, boolean superscript) {
        String from = superscript ? SUPER_FROM : SUB_FROM;
        String to = superscript ? SUPER_TO : SUB_TO;
        StringBuilder mapped = new StringBuilder();
        for (int k = 0; k < text.length(); k++) {
            char ch = text.charAt(k) == '−' ? '-' : text.charAt(k);
            int at = from.indexOf(ch);
            if (at < 0) {
                // No Unicode form for this character: keep the TeX so the meaning survives.
                String marker = superscript ? "^" : "_";
                return text.length() == 1 ? marker + text : marker + "(" + text + ")";
            }
            mapped.append(to.charAt(at));
        }
        return mapped.toString();
    }
}
