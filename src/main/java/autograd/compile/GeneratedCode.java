package autograd.compile;

import autograd.plot.Displayable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Java source a compiled step runs, to read as {@code jax.make_jaxpr}'s output is read: one
 * line per op going forward, then one line per gradient contribution going back. Its
 * {@code toString()} is the source; in a notebook it shows as highlighted code.
 *
 * <pre>{@code
 * jshell> Value w = Value.of(3);
 * jshell> var step = Compile.scalar(List.of(w), 1, x -> w.mul(x[0]).tanh());
 * jshell> step.run(0.5);
 * jshell> step.code().lines()
 * $4 ==> 40
 * }</pre>
 */
public final class GeneratedCode implements Displayable {

    private final String className;
    private final String source;
    private final String summary;

    GeneratedCode(String className, String source, String summary) {
        this.className = className;
        this.source = source;
        this.summary = summary;
    }

    /** The Java source, as compiled. */
    public String source() {
        return source;
    }

    /** The generated class's name (it is a hidden class: the JVM adds a suffix). */
    public String className() {
        return className;
    }

    /** Number of lines of the source. */
    public long lines() {
        return source.lines().count();
    }

    /** One line: what was compiled, how large, how long it took. */
    public String summary() {
        return summary;
    }

    @Override
    public String toString() {
        return "// " + summary + "\n" + source;
    }

    @Override
    public Map<String, String> mimeBundle() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/html", html());
        bundle.put("text/plain", toString());
        return bundle;
    }

    private static final Set<String> KEYWORDS = Set.of(
            "package",
            "final",
            "class",
            "implements",
            "public",
            "private",
            "static",
            "double",
            "int",
            "void",
            "return",
            "for",
            "if",
            "else",
            "new");

    /** The source as HTML: comments grey, keywords bold, in a scrolling box. */
    String html() {
        StringBuilder sb = new StringBuilder();
        sb.append("<div style=\"font-family:sans-serif;font-size:90%;margin-bottom:4px\">")
                .append(escape(summary))
                .append("</div>");
        sb.append("<pre style=\"max-height:32em;overflow:auto;font-size:85%;line-height:1.35;")
                .append("background:#f7f7f7;border:1px solid #ddd;padding:6px\">");
        boolean inBlockComment = false;
        for (String line : source.split("\n", -1)) {
            int i = 0;
            while (i < line.length()) {
                if (inBlockComment || line.startsWith("/*", i)) {
                    int end = line.indexOf("*/", i + (inBlockComment ? 0 : 2));
                    int stop = end < 0 ? line.length() : end + 2;
                    sb.append("<span style=\"color:#6a737d\">")
                            .append(escape(line.substring(i, stop)))
                            .append("</span>");
                    inBlockComment = end < 0;
                    i = stop;
                } else if (line.startsWith("//", i)) {
                    sb.append("<span style=\"color:#6a737d\">")
                            .append(escape(line.substring(i)))
                            .append("</span>");
                    i = line.length();
                } else if (Character.isJavaIdentifierStart(line.charAt(i))) {
                    int j = i;
                    while (j < line.length() && Character.isJavaIdentifierPart(line.charAt(j))) j++;
                    String word = line.substring(i, j);
                    if (KEYWORDS.contains(word)) {
                        sb.append("<b style=\"color:#a626a4\">").append(word).append("</b>");
                    } else {
                        sb.append(escape(word));
                    }
                    i = j;
                } else {
                    sb.append(escape(String.valueOf(line.charAt(i))));
                    i++;
                }
            }
            sb.append('\n');
        }
        return sb.append("</pre>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
