package ai.composo.cli.internal;

import java.nio.file.Path;
import java.util.Locale;

/** The results file formats. */
public enum OutputFormat {
    JSONL, CSV;

    /** {@code .csv} files are CSV, anything else JSON Lines. */
    public static OutputFormat forPath(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : JSONL;
    }
}
