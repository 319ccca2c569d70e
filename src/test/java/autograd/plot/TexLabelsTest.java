package autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TexLabelsTest {

    @Test
    void subscriptsSuperscriptsAndGreek() {
        assertEquals("xᵢ", TexLabels.toUnicode("x_i"));
        assertEquals("θ₁", TexLabels.toUnicode("\\theta_1"));
        assertEquals("x²", TexLabels.toUnicode("x^2"));
        assertEquals("x¹⁰", TexLabels.toUnicode("x^{10}"));
        assertEquals("|xᵢ − x*|", TexLabels.toUnicode("|x_i - x^*|"));
        assertEquals("∇f(x) ≤ ε", TexLabels.toUnicode("$\\nabla f(x) \\le \\epsilon$"));
        assertEquals("wᵢⱼ", TexLabels.toUnicode("w_{ij}"));
    }

    @Test
    void charactersWithoutUnicodeFormKeepTheirTex() {
        assertEquals("x_q", TexLabels.toUnicode("x_q"));
        assertEquals("y_(qz)", TexLabels.toUnicode("y_{qz}"));
    }

    @Test
    void plainTextAndNullPassThrough() {
        assertEquals("loss", TexLabels.toUnicode("loss"));
        assertEquals("-3", TexLabels.toUnicode("-3"));
        assertNull(TexLabels.toUnicode(null));
    }
}
