package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.reading.Family;

/** Measures one family's good side on one judged assistant turn. */
public interface FamilySignal {
    Family family();

    Signal measure(Evidence e);
}
