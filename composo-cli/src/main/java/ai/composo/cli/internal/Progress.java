package ai.composo.cli.internal;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress on stderr: a live bar when stderr is a terminal, plain periodic lines otherwise (CI logs),
 * or nothing. Shows done/total, rate, ETA, errors and the 429s the client has seen.
 */
public abstract class Progress implements AutoCloseable {
    public enum Mode { AUTO, BAR, PLAIN, NONE }

    protected final long total;
    protected final AtomicLong done = new AtomicLong();
    protected final AtomicLong errors = new AtomicLong();
    protected final LongSupplier rateLimited;
    protected final LongSupplier retries;
    protected final long startDone;
    protected final long startNanos = System.nanoTime();

    protected Progress(long total, long alreadyDone, long alreadyErrors, LongSupplier rateLimited, LongSupplier retries) {
        this.total = total;
        this.startDone = alreadyDone;
        this.done.set(alreadyDone);
        this.errors.set(alreadyErrors);
        this.rateLimited = rateLimited;
        this.retries = retries;
    }

    /**
     * {@code stderrIsTerminal}: whether stderr is a terminal (the launcher tells us; the JDK cannot
     * tell for stderr alone).
     */
    public static Progress create(Mode mode, boolean stderrIsTerminal, PrintStream err, long total, long alreadyDone, long alreadyErrors,
                                  LongSupplier rateLimited, LongSupplier retries, long plainEveryMillis) {
        return create(mode, stderrIsTerminal, err, total, alreadyDone, alreadyErrors, rateLimited, retries, plainEveryMillis, terminalColumns());
    }

    static Progress create(Mode mode, boolean stderrIsTerminal, PrintStream err, long total, long alreadyDone, long alreadyErrors,
                           LongSupplier rateLimited, LongSupplier retries, long plainEveryMillis, int columns) {
        Mode m = mode == Mode.AUTO ? (stderrIsTerminal ? Mode.BAR : Mode.PLAIN) : mode;
        return switch (m) {
            case BAR -> new Bar(err, total, alreadyDone, alreadyErrors, rateLimited, retries, columns);
            case PLAIN -> new Plain(err, total, alreadyDone, alreadyErrors, rateLimited, retries, plainEveryMillis);
            default -> new Progress(total, alreadyDone, alreadyErrors, rateLimited, retries) {
                @Override
                public void close() {
                }
            };
        };
    }

    public void advance(boolean error) {
        done.incrementAndGet();
        if (error) {
            errors.incrementAndGet();
        }
    }

    protected String extra() {
        return String.format(Locale.ROOT, "errors %d · 429s %d · retries %d", errors.get(), rateLimited.getAsLong(), retries.getAsLong());
    }

    /** The counters that are not zero, briefly: the bar's line must fit 60 columns with room for the bar. */
    protected String compactExtra() {
        StringBuilder b = new StringBuilder();
        long e = errors.get();
        long r = rateLimited.getAsLong();
        long t = retries.getAsLong();
        if (e > 0) {
            b.append(e).append(e == 1 ? " error" : " errors");
        }
        if (r > 0) {
            b.append(b.length() > 0 ? " · " : "").append(r).append("×429");
        }
        if (t > 0) {
            b.append(b.length() > 0 ? " · " : "").append(t).append(t == 1 ? " retry" : " retries");
        }
        return b.length() == 0 ? "" : " " + b;
    }

    /** The terminal's width from {@code COLUMNS} (the launcher exports it), else 0: the library asks the terminal. */
    static int terminalColumns() {
        try {
            String c = System.getenv("COLUMNS");
            return c == null ? 0 : Math.max(0, Integer.parseInt(c.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public abstract void close();

    private static final class Bar extends Progress {
        private final ProgressBar bar;
        private volatile long lastExtra;

        Bar(PrintStream err, long total, long alreadyDone, long alreadyErrors, LongSupplier rateLimited, LongSupplier retries, int columns) {
            super(total, alreadyDone, alreadyErrors, rateLimited, retries);
            this.bar = new ProgressBarBuilder().setTaskName("composo").setInitialMax(total).startsFrom(alreadyDone, java.time.Duration.ZERO)
                    .setRenderer(new CompactBarRenderer()).setUpdateIntervalMillis(200)
                    .setConsumer(columns > 0 ? new ConsoleProgressBarConsumer(err, columns - 1) : new ConsoleProgressBarConsumer(err))
                    .continuousUpdate().build();
            bar.setExtraMessage(compactExtra());
        }

        @Override
        public void advance(boolean error) {
            super.advance(error);
            bar.step();
            long now = System.nanoTime();
            if (error || now - lastExtra > 200_000_000L) {
                lastExtra = now;
                bar.setExtraMessage(compactExtra());
            }
        }

        @Override
        public void close() {
            bar.setExtraMessage(compactExtra());
            bar.close();
        }
    }

    private static final class Plain extends Progress {
        private final PrintStream err;
        private final ScheduledExecutorService timer;

        Plain(PrintStream err, long total, long alreadyDone, long alreadyErrors, LongSupplier rateLimited, LongSupplier retries, long everyMillis) {
            super(total, alreadyDone, alreadyErrors, rateLimited, retries);
            this.err = err;
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "composo-progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::print, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        }

        private void print() {
            long d = done.get();
            double secs = (System.nanoTime() - startNanos) / 1e9;
            double rate = secs <= 0 ? 0 : (d - startDone) / secs;
            String eta = rate <= 0 || d >= total ? "-" : formatDuration((long) ((total - d) / rate));
            err.printf(Locale.ROOT, "progress: %d/%d pairs (%.1f%%) · %.1f/s · ETA %s · %s%n", d, total,
                    total == 0 ? 100.0 : d * 100.0 / total, rate, eta, extra());
            err.flush();
        }

        @Override
        public void close() {
            timer.shutdownNow();
            print();
        }
    }

    static String formatDuration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
        }
        return (seconds / 3600) + "h" + String.format(Locale.ROOT, "%02d", (seconds / 60) % 60) + "m";
    }
}
