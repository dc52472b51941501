package ai.composo;

/**
 * Options of {@link AsyncComposo#evaluateAll}. {@code window} bounds the items held at once (in flight plus
 * finished but not yet consumed), so memory stays bounded however long the input; the default is twice the
 * client's {@code maxConcurrentRequests}. {@code ordered} yields results in input order (default) or as they
 * complete.
 */
public final class BatchOptions {
    private final int window;
    private final boolean ordered;

    private BatchOptions(Builder b) {
        this.window = b.window;
        this.ordered = b.ordered;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: window 2 × maxConcurrentRequests, input order. */
    public static BatchOptions defaults() {
        return builder().build();
    }

    /** The window, or 0 for the client's default (2 × maxConcurrentRequests). */
    public int window() {
        return window;
    }

    public boolean ordered() {
        return ordered;
    }

    @Override
    public String toString() {
        return "BatchOptions{window=" + (window == 0 ? "default" : window) + ", ordered=" + ordered + "}";
    }

    public static final class Builder {
        private int window;
        private boolean ordered = true;

        private Builder() {}

        public Builder window(int window) {
            if (window < 1) {
                throw new IllegalArgumentException("window must be at least 1, got " + window);
            }
            this.window = window;
            return this;
        }

        public Builder ordered(boolean ordered) {
            this.ordered = ordered;
            return this;
        }

        public BatchOptions build() {
            return new BatchOptions(this);
        }
    }
}
