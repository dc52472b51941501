package ai.composo.judge.embedded.internal.signals;

/**
 * One measured signal. For a family signal {@code value} is how much of the family's good side the response shows,
 * in [0, 1]; for a generic signal ({@code family} false) it is already oriented towards the criterion.
 */
public record Signal(String name, double value, double weight, double confidence, String note, boolean family) {
    public static Signal of(String name, double value, double weight, double confidence, String note) {
        return new Signal(name, value, weight, confidence, note, true);
    }

    public static Signal generic(String name, double value, double weight, double confidence, String note) {
        return new Signal(name, value, weight, confidence, note, false);
    }
}
