package ai.composo.cli.internal;

import java.nio.file.Path;
import java.util.Locale;

/** The formats {@code composo eval} reads. Detected from the file name unless {@code --input-format} says otherwise. */
public enum InputFormat {
    JSONL, JSON, CSV;

    public static InputFormat detect(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        if (name.endsWith(".json")) {
            return JSON;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        throw new InputException("Cannot tell the format of " + path.getFileName()
                + " from its name (expected .jsonl, .ndjson, .json or .csv); pass --input-format jsonl|json|csv");
    }
}
