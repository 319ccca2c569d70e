package autograd.plot;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Graphviz's {@code dot}: a graph in the DOT language, and the program run on it when it is on
 * the PATH. Every failure (no {@code dot}, a crash, a hang past 30 s) gives null, so callers fall
 * back to the built-in layout.
 */
final class Graphviz {

    private Graphviz() {}

    /** Whether {@code dot} is on the PATH. */
    static boolean available() {
        return find() != null;
    }

    /** The graph as DOT: value records, op ellipses, edges input → op → value. */
    static String source(List<GraphNode> nodes, boolean topToBottom) {
        StringBuilder dot = new StringBuilder();
        dot.append("digraph autograd {\n");
        dot.append("  graph [rankdir=")
                .append(topToBottom ? "TB" : "LR")
                .append(", bgcolor=\"white\", nodesep=0.25, ranksep=0.45];\n");
        dot.append("  node [fontname=\"DejaVu Sans\", fontsize=11, color=\"#555555\"];\n");
        dot.append("  edge [color=\"#777777\", arrowsize=0.7];\n");
        for (GraphNode node : nodes) {
            StringBuilder label = new StringBuilder("{ ");
            for (int k = 0; k < node.fields().length; k++) {
                label.append(k == 0 ? "" : " | ").append(escape(node.fields()[k]));
            }
            label.append(" }");
            dot.append("  v").append(node.id()).append(" [shape=record, style=filled, fillcolor=\"");
            dot.append(node.inputs().length == 0 ? "#E8F1F8" : "#FFFFFF");
            dot.append("\", label=\"").append(label).append("\"];\n");
            if (!node.leaf()) {
                dot.append("  o").append(node.id()).append(" [shape=ellipse, style=filled, ");
                dot.append("fillcolor=\"#FCE9D9\", margin=\"0.05,0.02\", height=0.3, label=\"");
                dot.append(escape(node.op())).append("\"];\n");
                dot.append("  o")
                        .append(node.id())
                        .append(" -> v")
                        .append(node.id())
                        .append(";\n");
                for (int input : node.inputs()) {
                    dot.append("  v")
                            .append(input)
                            .append(" -> o")
                            .append(node.id())
                            .append(";\n");
                }
            }
        }
        return dot.append("}\n").toString();
    }

    /** Record labels treat these characters as syntax. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("{}|<>\"\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c == '\n' ? ' ' : c);
        }
        return out.toString();
    }

    /** SVG from {@code dot -Tsvg}, or null. */
    static String svg(String source) {
        byte[] svg = render(source, "svg");
        String text = svg == null ? null : new String(svg, StandardCharsets.UTF_8);
        return text != null && text.contains("<svg") ? text : null;
    }

    /** PNG from {@code dot -Tpng}, or null. */
    static byte[] png(String source) {
        return render(source, "png");
    }

    private static Path find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "dot");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static byte[] render(String source, String format) {
        Path dot = find();
        if (dot == null) {
            return null;
        }
        Process process = null;
        try {
            process = new ProcessBuilder(dot.toString(), "-T" + format)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Process running = process;
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            // NOTE: read stdout on its own thread, or dot blocks on a full pipe while we write.
            Thread reader = new Thread(
                    () -> {
                        try (InputStream in = running.getInputStream()) {
                            in.transferTo(output);
                        } catch (IOException ignored) {
                            // the exit code below decides
                        }
                    },
                    "dot-output");
            reader.setDaemon(true);
            reader.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(source.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                return null;
            }
            reader.join(5000);
            return process.exitValue() == 0 && output.size() > 0 ? output.toByteArray() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
