package autograd.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on worker threads of this JVM. Workers take tasks in order from a shared counter, so
 * with one thread the runs happen in the sweep's order; with more, they finish in any order, and
 * the sweep sorts the results. The threads are daemons, started per submission and gone after it.
 */
final class LocalBackend implements Backend {

    private static final AtomicInteger SUBMISSIONS = new AtomicInteger();

    private final int threads;

    LocalBackend(int threads) {
        if (threads < 1) throw new IllegalArgumentException("a sweep needs at least 1 thread, got " + threads);
        this.threads = threads;
    }

    @Override
    public int parallelism() {
        return threads;
    }

    @Override
    public Execution submit(List<Task> tasks, Listener listener) {
        AtomicInteger next = new AtomicInteger();
        Submission submission = new Submission();
        int submissionId = SUBMISSIONS.incrementAndGet();
        int workers = Math.min(threads, tasks.size());
        for (int w = 0; w < workers; w++) {
            Thread worker = new Thread(
                    () -> {
                        try {
                            int i;
                            while (!submission.cancelled && (i = next.getAndIncrement()) < tasks.size()) {
                                Task task = tasks.get(i);
                                List<RunResult> results = task.run(() -> submission.cancelled);
                                // After a cancel, runs that finished are still delivered (the sweep may keep them).
                                listener.finished(task, results);
                            }
                        } catch (Throwable e) {
                            listener.failed(e);
                        }
                    },
                    "sweep-" + submissionId + "-worker-" + w);
            worker.setDaemon(true);
            submission.workers.add(worker);
        }
        submission.workers.forEach(Thread::start);
        return submission;
    }

    @Override
    public String toString() {
        return "local threads: " + threads;
    }

    private static final class Submission implements Execution {
        final List<Thread> workers = new ArrayList<>();
        volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
            // Wakes a run that sleeps or waits; a run that computes stops at its next report.
            workers.forEach(Thread::interrupt);
        }
    }
}
