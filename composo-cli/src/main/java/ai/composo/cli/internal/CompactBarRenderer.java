package ai.composo.cli.internal;

import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

/**
 * One line that fits the terminal, the bar taking what the text leaves: {@code composo  43% ███▌    117/270 · 38.5/s
 * · ETA 4s · 2 errors}. The library's own renderer puts elapsed and ETA times in a wide fixed block and leaves a
 * zero-width bar at 80 columns.
 */
final class CompactBarRenderer implements ProgressBarRenderer {
    private static final String[] PARTIAL = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    private static final int MIN_BAR = 10;

    @Override
    public String render(ProgressState s, int maxLength) {
        long done = s.getCurrent();
        long max = s.getMax();
        double fraction = max <= 0 ? 0 : Math.min(1, done / (double) max);
        Duration elapsed = s.getElapsedAfterStart();
        double secs = elapsed.toMillis() / 1000.0;
        long sinceStart = done - s.getStart();
        double rate = secs <= 0.05 ? 0 : sinceStart / secs;
        String eta = rate <= 0 ? "-" : done >= max ? "done" : Progress.formatDuration((long) ((max - done) / rate));
        String head = String.format(Locale.ROOT, "%s %3d%% ", s.getTaskName(), (int) Math.floor(fraction * 100));
        String tail = String.format(Locale.ROOT, " %d/%d · %.1f/s · ETA %s%s", done, max, rate, eta,
                s.getExtraMessage() == null || s.getExtraMessage().isEmpty() ? "" : " ·" + s.getExtraMessage());
        int width = maxLength - head.length() - tail.length() - 2;
        if (width < MIN_BAR) {
            // too narrow for everything: keep the bar and the counts, drop rate and ETA
            tail = String.format(Locale.ROOT, " %d/%d%s", done, max, s.getExtraMessage() == null ? "" : s.getExtraMessage());
            width = Math.max(MIN_BAR, maxLength - head.length() - tail.length() - 2);
        }
        return head + "│" + bar(fraction, width) + "│" + tail;
    }

    private static String bar(double fraction, int width) {
        double cells = fraction * width;
        int full = (int) Math.floor(cells);
        int eighth = (int) Math.floor((cells - full) * 8);
        StringBuilder b = new StringBuilder(width);
        b.append("█".repeat(full));
        if (full < width) {
            b.append(PARTIAL[eighth]);
            b.append(" ".repeat(width - full - (eighth > 0 ? 1 : 0)));
        }
        return b.toString();
    }
}
