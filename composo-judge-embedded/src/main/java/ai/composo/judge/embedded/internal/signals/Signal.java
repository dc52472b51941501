package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.reading.Family;

/**
 * One measured signal. For a family signal ({@code family} set) {@code value} is how much of the family's good side
 * the response shows, in [0, 1]; for a generic signal ({@code family} null) it is already oriented towards the
 * criterion.
 */
public record Signal(String name, double value, double weight, double confidence, String note, Family family) {
    public static Signal of(Family family, double value, double weight, double confidence, String note) {
        return new Signal(family.signal, value, weight, confidence, note, family);
    }

    public static Signal generic(String name, double value, double weight, double confidence, String note) {
        return new Signal(name, value, weight, confidence, note, null);
    }
}
