package autograd;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Property-based testing on plain JUnit 5: draws seeded random cases, checks each, and on the
 * first failure shrinks the case to a small one that still fails the same way, then fails with
 * that case printed as code.
 *
 * <pre>{@code
 * PropertyRunner.Report r = PropertyRunner.run("ValuePropertiesTest", 3000, ScalarExpr::random, (expr, counts) -> ...);
 * }</pre>
 *
 * <p>The seed is fixed ({@value #DEFAULT_SEED}), so every run checks the same cases; explore
 * others with {@code -Dautograd.seed=N} and change how many cases must pass with
 * {@code -Dautograd.cases=N} (e.g. {@code mvn test -Dtest=ValuePropertiesTest -Dautograd.seed=7}).
 */
final class PropertyRunner {

    static final long DEFAULT_SEED = 20261122L;

    /** How many shrink candidates are tried at most before giving up on smaller cases. */
    static final int MAX_SHRINK_TRIES = 5000;

    private PropertyRunner() {}

    /** A generated case: it knows its simpler variants, its size and how to print itself as code. */
    interface Case<C extends Case<C>> {
        /** Simpler variants, the most aggressive first; the shrinker keeps the first that still fails. */
        List<C> shrinks();

        /** Compared lexicographically: a shrink must make it strictly smaller (so shrinking ends). */
        int[] size();

        /** The case as Java code that rebuilds it. */
        String code();
    }

    /**
     * Checks one case: returns true when checked, false when discarded (outside the property's
     * domain); throws on failure. It may count what it saw (ops, ...) into {@code counts}.
     */
    interface Check<C> {
        boolean check(C c, Map<String, Integer> counts) throws Exception;
    }

    /** The seed of this run: {@code -Dautograd.seed}, else {@value #DEFAULT_SEED}. */
    static long seed() {
        String s = System.getProperty("autograd.seed");
        return s == null || s.isBlank() ? DEFAULT_SEED : Long.parseLong(s.trim());
    }

    /** How many cases must be checked: {@code -Dautograd.cases}, else {@code wanted}. */
    static int cases(int wanted) {
        return Integer.getInteger("autograd.cases", wanted);
    }

    /** What a run did: cases checked and discarded, per-op counts the check recorded, the seed. */
    static final class Report {
        final long seed;
        int checked;
        int discarded;
        final Map<String, Integer> counts = new TreeMap<>();

        Report(long seed) {
            this.seed = seed;
        }

        void count(String key, int n) {
            counts.merge(key, n, Integer::sum);
        }

        @Override
        public String toString() {
            return "seed " + seed + ": " + checked + " checked, " + discarded + " discarded; " + counts;
        }
    }

    /**
     * Draws cases from {@code generator} (one {@link Random} seeded with {@link #seed()}) until
     * {@code wanted} have been checked; at most ten times as many are drawn, and a property that
     * discards more than that fails (its generator no longer fits its domain).
     */
    static <C extends Case<C>> Report run(String name, int wanted, Function<Random, C> generator, Check<C> check) {
        long seed = seed();
        int target = cases(wanted);
        Report report = new Report(seed);
        Random rng = new Random(seed);
        int drawn = 0;
        while (report.checked < target) {
            if (drawn >= 10 * target) {
                throw new AssertionError(name + ": only " + report.checked + " of " + drawn
                        + " cases were in the property's domain (seed " + seed + "): the generator needs fixing");
            }
            C c = generator.apply(rng);
            drawn++;
            Map<String, Integer> counts = new TreeMap<>();
            boolean checked;
            try {
                checked = check.check(c, counts);
            } catch (Exception | AssertionError | StackOverflowError failure) {
                throw shrunkFailure(name, seed, drawn, c, failure, check);
            }
            if (checked) {
                report.checked++;
                counts.forEach(report::count);
            } else {
                report.discarded++;
            }
        }
        return report;
    }

    /** The failure of a case, or null when it passes or is discarded. */
    static <C> Throwable failureOf(Check<C> check, C c) {
        try {
            check.check(c, new TreeMap<>());
            return null;
        } catch (Exception | AssertionError | StackOverflowError e) {
            return e;
        }
    }

    /** The result of shrinking: the smallest failing case found, its failure, and the work it took. */
    static final class Shrunk<C> {
        final C smallest;
        final Throwable failure;
        final int steps;
        final int tries;

        Shrunk(C smallest, Throwable failure, int steps, int tries) {
            this.smallest = smallest;
            this.failure = failure;
            this.steps = steps;
            this.tries = tries;
        }
    }

    /**
     * Greedy shrinking: take the first simpler variant that still fails with the same kind of
     * error (an {@link AssertionError} must not turn into, say, a domain error), and repeat
     * until no variant fails or {@link #MAX_SHRINK_TRIES} variants were tried.
     */
    static <C extends Case<C>> Shrunk<C> shrink(C failing, Throwable failure, Check<C> check) {
        C current = failing;
        Throwable currentFailure = failure;
        int steps = 0;
        int tries = 0;
        boolean progress = true;
        while (progress && tries < MAX_SHRINK_TRIES) {
            progress = false;
            for (C candidate : current.shrinks()) {
                if (compare(candidate.size(), current.size()) >= 0) continue;
                tries++;
                Throwable t = failureOf(check, candidate);
                if (t != null && t.getClass() == currentFailure.getClass()) {
                    current = candidate;
                    currentFailure = t;
                    steps++;
                    progress = true;
                    break;
                }
                if (tries >= MAX_SHRINK_TRIES) break;
            }
        }
        return new Shrunk<>(current, currentFailure, steps, tries);
    }

    static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) return Integer.compare(a[i], b[i]);
        }
        return Integer.compare(a.length, b.length);
    }

    private static <C extends Case<C>> AssertionError shrunkFailure(
            String name, long seed, int caseNumber, C original, Throwable failure, Check<C> check) {
        Shrunk<C> s = shrink(original, failure, check);
        String message = name + " failed on case " + caseNumber + " of seed " + seed + " (rerun with -Dautograd.seed="
                + seed + "); shrunk in " + s.steps + " steps (" + s.tries + " tries) to\n\n"
                + indent(s.smallest.code()) + "\n\nwhich fails with: " + s.failure + "\n\noriginal case:\n\n"
                + indent(original.code()) + "\n\nwhich failed with: " + failure;
        return new AssertionError(message, s.failure);
    }

    static String indent(String code) {
        return "    " + code.strip().replace("\n", "\n    ");
    }
}
