package autograd.plot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Something that knows how to show itself in a notebook or a browser: an animation, a graph
 * drawing, a multi-panel figure.
 *
 * <p>The notebook integration ({@code autograd.notebook}) renders any {@code Displayable} through
 * its MIME bundle, so new kinds of pictures need no change there.
 *
 * <pre>{@code
 * jshell> Displayable gif = Animation.builder().frame(Plots.line(new double[] {1, 2}), "t = 0").build();
 * jshell> gif.mimeBundle().keySet()
 * $2 ==> [image/gif, text/plain]
 * }</pre>
 */
public interface Displayable {

    /**
     * The representations of this object, keyed by MIME type ({@code image/png}, {@code image/gif},
     * {@code image/svg+xml}, {@code text/html}, {@code text/plain}). Binary formats are base64
     * encoded, text formats are plain strings. Iteration order is preference order.
     */
    Map<String, String> mimeBundle();

    /**
     * Writes the preferred representation (the first of the bundle) to {@code path}: binary
     * formats (PNG, GIF) decoded, text formats (SVG) as UTF-8. Parent directories are created.
     */
    default Path save(String path) {
        Map.Entry<String, String> first = mimeBundle().entrySet().iterator().next();
        boolean binary = first.getKey().startsWith("image/") && !first.getKey().contains("svg");
        byte[] bytes = binary
                ? Base64.getDecoder().decode(first.getValue())
                : first.getValue().getBytes(StandardCharsets.UTF_8);
        return Pictures.write(path, bytes);
    }
}
