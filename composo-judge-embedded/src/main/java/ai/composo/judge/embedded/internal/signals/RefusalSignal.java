package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;

/** Refusal: whether the response declines the request (refusal wording, or closeness to typical refusals). */
final class RefusalSignal implements FamilySignal {
    @Override
    public Family family() {
        return Family.REFUSAL;
    }

    @Override
    public Signal measure(Evidence e) {
        double v = Cues.refusalStrength(e.embedder(), e.response());
        return Signal.of(family(), v, 1.0, 0.7, v >= 0.5 ? "the response declines the request" : "the response does not decline");
    }
}
