package autograd.notebook;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutogradExtensionTest {

    @Test
    void isListedAsAJJavaExtension() throws IOException {
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("META-INF/services/org.dflib.jjava.jupyter.Extension")) {
            assertNotNull(in, "service file on the classpath");
            String listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(AutogradExtension.class.getName(), listed);
        }
    }

    @Test
    void importsOnlyPackagesThatExist() {
        List<String> imports = AutogradExtension.importStatements(getClass().getClassLoader());
        assertTrue(imports.contains("import autograd.*;"), imports.toString());
        assertTrue(imports.contains("import autograd.Module;"), "wins over java.lang.Module");
        assertTrue(imports.contains("import autograd.nn.*;"));
        assertFalse(imports.contains("import autograd.nn.scalar.*;"), "its MLP would clash with autograd.nn.MLP");
        assertTrue(imports.contains("import autograd.plot.*;"));
        assertTrue(imports.contains("import autograd.notebook.*;"));
        assertTrue(imports.contains("import org.knowm.xchart.*;"));
        assertTrue(imports.contains("import tech.tablesaw.api.*;"));
        for (String line : imports) {
            assertTrue(line.matches("import [a-z][\\w.]*(\\.\\*|\\.[A-Z]\\w*);"), line);
        }
        ClassLoader empty = new ClassLoader(null) { };
        assertFalse(AutogradExtension.importStatements(empty).contains("import autograd.plot.*;"));
    }
}
