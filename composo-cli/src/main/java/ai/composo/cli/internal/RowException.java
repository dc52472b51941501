package ai.composo.cli.internal;

/** A row that cannot be evaluated; the message names the line and the reason. */
public final class RowException extends RuntimeException {
    private final long line;
    private final String id;
    private final String reason;

    public RowException(long line, String id, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
        this.id = id;
        this.reason = reason;
    }

    public long line() {
        return line;
    }

    public String id() {
        return id;
    }

    public String reason() {
        return reason;
    }
}
