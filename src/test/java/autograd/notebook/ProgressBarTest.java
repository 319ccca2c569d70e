package autograd.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    final List<String> shown = new ArrayList<>();
    final AtomicLong nanos = new AtomicLong();

    ProgressBar bar(long total, long redrawNanos) {
        return new ProgressBar("fit", total, (plain, html) -> shown.add(plain + " | " + html), nanos::get, redrawNanos);
    }

    @Test
    void drawsAtStartThrottlesAndAlwaysShowsTheEnd() {
        try (ProgressBar bar = bar(1000, 1_000_000)) {
            for (int i = 0; i < 1000; i++) {
                nanos.addAndGet(10_000); // 100 steps per redraw interval
                bar.step("loss " + i);
            }
        }
        assertTrue(shown.size() >= 10 && shown.size() <= 12, "throttled redraws: " + shown.size());
        String last = shown.get(shown.size() - 1);
        assertTrue(last.startsWith("fit [" + "#".repeat(30) + "] 100% 1000/1000"), last);
        assertTrue(last.contains("loss 999"));
        assertTrue(last.contains("<progress value=\"1000\" max=\"1000\""), last);
    }

    @Test
    void closeShowsAStateThatThrottlingSkipped() {
        ProgressBar bar = bar(10, Long.MAX_VALUE);
        bar.update(4, "half-way");
        assertEquals(1, shown.size(), "only the initial drawing so far");
        bar.close();
        assertEquals(2, shown.size());
        assertTrue(shown.get(1).contains(" 40% 4/10"), shown.get(1));
        assertThrows(IllegalStateException.class, bar::step);
    }

    @Test
    void textShowsFractionAndClamps() {
        ProgressBar bar = bar(4, 0);
        bar.update(2);
        assertTrue(bar.text().startsWith("fit [" + "#".repeat(15) + "-".repeat(15) + "]  50% 2/4"), bar.text());
        bar.update(99);
        assertEquals(4, bar.done());
        bar.update(-5);
        assertEquals(0, bar.done());
    }

    @Test
    void htmlEscapesNotes() {
        ProgressBar bar = bar(2, 0);
        bar.step("<b>&");
        assertTrue(bar.html().contains("&lt;b&gt;&amp;"), bar.html());
    }

    @Test
    void rejectsAnEmptyTotal() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bar(0, 0))
                .getMessage()
                .contains("total"));
    }

    @Test
    void estimatesTheTimeLeftFromTheRateSoFar() {
        ProgressBar bar = bar(100, 0);
        nanos.set(2_000_000_000L); // 2 s for the first 40 steps: 3 s for the other 60
        bar.update(40, "best loss 0.1");
        assertEquals("fit [############------------------]  40% 40/100 2.0s, 3.0s left best loss 0.1", bar.text());
        assertTrue(bar.html().contains("40% 40/100 2.0s, 3.0s left best loss 0.1"), bar.html());
        nanos.set(200_000_000_000L);
        bar.update(99);
        assertTrue(bar.text().contains("99/100 200.0s, 2.0s left"), bar.text());
        bar.update(100);
        assertTrue(bar.text().endsWith("100/100 200.0s best loss 0.1"), "no estimate once done: " + bar.text());
    }

    @Test
    void longTimesReadAsMinutesAndHours() {
        assertEquals("59.9s", ProgressBar.duration(59.94));
        assertEquals("3m 05s", ProgressBar.duration(185));
        assertEquals("2h 01m", ProgressBar.duration(7260));
    }

    @Test
    void threadsCanStepOneBarTogether() throws InterruptedException {
        ProgressBar bar = bar(40_000, Long.MAX_VALUE);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) bar.step();
            });
            threads[t].start();
        }
        for (Thread thread : threads) thread.join();
        assertEquals(40_000, bar.done(), "no step lost");
        assertTrue(shown.get(shown.size() - 1).contains("100% 40000/40000"));
    }
}
