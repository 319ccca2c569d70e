package autograd.notebooks;

import static org.junit.jupiter.api.Assertions.fail;

import autograd.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A notebook's {@code autograd_checks} (its metadata: regexes its executed output must match, see
 * notebooks/README.md) and the regexes a test demands there. {@code ./kernel-setup.sh test} runs
 * every notebook on the real kernel and applies its checks ({@code scripts/run_notebooks.py --check}),
 * so a test that makes a notebook's metadata demand the lines PyTorch's numbers print as tests the
 * executed notebook itself, not a Java copy of its cells.
 */
final class NotebookChecks {

    private NotebookChecks() {}

    /** The regexes under {@code key} ("stdout" or "text") of {@code notebooks/NAME.ipynb}. */
    @SuppressWarnings("unchecked")
    static List<String> of(String notebook, String key) {
        Path file = Path.of("notebooks", notebook + ".ipynb");
        try {
            Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(file));
            Map<String, Object> metadata = (Map<String, Object>) json.get("metadata");
            Map<String, Object> checks = (Map<String, Object>) metadata.get("autograd_checks");
            if (checks == null || checks.get(key) == null) return List.of();
            List<String> patterns = new ArrayList<>();
            for (Object pattern : (List<Object>) checks.get(key)) patterns.add((String) pattern);
            return patterns;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails unless {@code notebook}'s checks under {@code key} hold every one of {@code expected};
     * the message lists the missing ones as JSON strings, ready to paste into the metadata.
     */
    static void assertDemanded(String notebook, String key, List<String> expected) {
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(of(notebook, key));
        if (missing.isEmpty()) return;
        StringBuilder json = new StringBuilder();
        for (String pattern : missing)
            json.append("\n  ").append(jsonString(pattern)).append(',');
        fail("notebooks/" + notebook + ".ipynb: autograd_checks." + key + " must demand these lines (from"
                + " src/test/resources/reference/notebooks.txt; after regenerating it, put them in the"
                + " notebook's metadata in place of the old ones):" + json);
    }

    /** A regex matching exactly the line {@code text} (a {@code \n} in it matches a line break). */
    static String line(String text) {
        return "^" + literal(text) + "$";
    }

    /** {@code text} as a Python regex that matches it literally ({@code \n} stays a line break). */
    static String literal(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\n') out.append("\\n");
            else if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) out.append('\\').append(c);
            else out.append(c);
        }
        return out.toString();
    }

    /** A row of a Tablesaw table as its {@code text/plain} shows it: cells (regexes) between {@code |}s. */
    static String row(String... cells) {
        return "^\\s*" + String.join("\\s*\\|\\s*", cells) + "\\s*\\|$";
    }

    /** Any of {@code alternatives} (literal texts), as a regex group. */
    static String anyOf(List<String> alternatives) {
        List<String> escaped = new ArrayList<>();
        for (String text : alternatives) if (!escaped.contains(literal(text))) escaped.add(literal(text));
        return "(" + String.join("|", escaped) + ")";
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c == '\n') out.append("\\n");
            else out.append(c);
        }
        return out.append('"').toString();
    }
}
