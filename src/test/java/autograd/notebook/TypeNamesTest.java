package autograd.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Value;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A notebook imports every package of the library on demand, beside {@code java.lang} and
 * {@code java.util}: one shared simple name would make both ambiguous, a compile error in the cell.
 */
class TypeNamesTest {

    @Test
    void noPublicTypeSharesItsSimpleNameWithAnotherOrWithJavaLangOrJavaUtil() throws Exception {
        Map<String, List<String>> byName = new TreeMap<>();
        for (Class<?> type : publicTopLevelTypes()) {
            byName.computeIfAbsent(type.getSimpleName(), k -> new ArrayList<>()).add(type.getName());
        }
        assertTrue(byName.size() > 40, "found the library's types: " + byName.keySet());
        List<String> clashes = new ArrayList<>();
        byName.forEach((name, types) -> {
            if (types.size() > 1) clashes.add(name + " is " + types);
            for (String pkg : List.of("java.lang", "java.util")) {
                if (exists(pkg + "." + name)) clashes.add(name + " clashes with " + pkg + "." + name);
            }
        });
        assertEquals(List.of(), clashes);
    }

    @Test
    void noPublicTypeClashesWithTheThirdPartyPackagesTheKernelImports() throws Exception {
        List<String> thirdParty = AutogradExtension.PACKAGE_IMPORTS.stream()
                .filter(p -> !p.startsWith("autograd"))
                .toList();
        List<String> clashes = new ArrayList<>();
        for (Class<?> type : publicTopLevelTypes()) {
            for (String pkg : thirdParty) {
                if (exists(pkg + "." + type.getSimpleName())) clashes.add(type.getName() + " vs " + pkg);
            }
        }
        assertEquals(List.of(), clashes);
    }

    private static boolean exists(String className) {
        try {
            Class.forName(className, false, TypeNamesTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Every public top-level class of the main code (target/classes). */
    static List<Class<?>> publicTopLevelTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(
                Value.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.contains("$") || name.endsWith("package-info")) continue;
                Class<?> type = Class.forName(name, false, TypeNamesTest.class.getClassLoader());
                if (Modifier.isPublic(type.getModifiers())) types.add(type);
            }
        }
        return types;
    }
}
