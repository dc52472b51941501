package ai.composo.judge;

/**
 * A judge could not produce a verdict. The server answers with {@link #statusCode()} (500 for a judge
 * failure, 524 when the judge ran out of time) and {@link #detail()}, which names the judge and what
 * went wrong in words fit for an API user (never a stack trace, never a secret).
 */
public class JudgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String judgeName;

    public JudgeException(int statusCode, String judgeName, String detail, Throwable cause) {
        super(detail, cause);
        if (statusCode != 500 && statusCode != 524) {
            throw new IllegalArgumentException("a judge error is 500 or 524, got " + statusCode);
        }
        this.statusCode = statusCode;
        this.judgeName = judgeName;
    }

    public static JudgeException failed(String judgeName, String what, Throwable cause) {
        return new JudgeException(500, judgeName, "Judge '" + judgeName + "' failed: " + what, cause);
    }

    public static JudgeException timedOut(String judgeName, String what) {
        return new JudgeException(524, judgeName, "Judge '" + judgeName + "' timed out: " + what, null);
    }

    public int statusCode() {
        return statusCode;
    }

    public String judgeName() {
        return judgeName;
    }

    public String detail() {
        return getMessage();
    }
}
