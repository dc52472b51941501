package ai.composo.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Streams the records of an input file, one at a time, never holding the whole file. A record that
 * cannot be read comes back as an error {@link RawRecord} with its line number; a problem that makes
 * the rest of the file unreadable throws {@link InputException}.
 */
public abstract class InputReader implements Iterator<RawRecord>, AutoCloseable {
    private RawRecord next;
    private boolean done;

    public static InputReader open(Path path, InputFormat format) {
        BufferedReader reader = openText(path);
        return switch (format) {
            case JSONL -> new JsonlReader(reader);
            case JSON -> new JsonArrayReader(reader, path);
            case CSV -> new CsvReader(reader, path);
        };
    }

    /** Counts the records without interpreting them (a cheap first pass that sizes the progress bar). */
    public static long count(Path path, InputFormat format) {
        if (format == InputFormat.JSONL) {
            return JsonlReader.countRecords(openText(path));
        }
        long n = 0;
        try (InputReader r = open(path, format)) {
            r.skipping = true;
            while (r.hasNext()) {
                r.next();
                n++;
            }
        } catch (InputException e) {
            // the real pass reports it, with its line
        }
        return n;
    }

    static BufferedReader openText(Path path) {
        try {
            InputStream in = Files.newInputStream(path);
            if (path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new InputException("Input file not found: " + path);
        } catch (IOException e) {
            throw new InputException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** When true the reader only needs to find record boundaries, not build records. */
    protected boolean skipping;

    /** The next record, or null at the end of the input. */
    protected abstract RawRecord read() throws IOException;

    @Override
    public final boolean hasNext() {
        if (next == null && !done) {
            try {
                next = read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            done = next == null;
        }
        return next != null;
    }

    @Override
    public final RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawRecord r = next;
        next = null;
        return r;
    }

    @Override
    public abstract void close();
}
