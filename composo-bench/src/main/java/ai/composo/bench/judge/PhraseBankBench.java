package ai.composo.bench.judge;

import ai.composo.judge.embedded.internal.reading.PhraseBank;
import java.util.Locale;

/**
 * Leave-one-out check of the embedded judge's criterion phrase bank: every labelled phrasing is read with itself
 * left out (of the neighbours and of the word model), and its family and side are compared with its label. Side
 * errors are counted three ways: the neighbours' vote alone, the word model alone, and combined as the reader does.
 *
 * <pre>java -Xss4m -cp "$CP" ai.composo.bench.judge.PhraseBankBench</pre>
 */
public final class PhraseBankBench {
    public static void main(String[] args) throws Exception {
        Thread t = new Thread(null, PhraseBankBench::run, "phrase-bank-bench", 4L << 20);
        t.start();
        t.join();
    }

    private static void run() {
        PhraseBank bank = PhraseBank.shared();
        int n = 0;
        int familyErrors = 0;
        int[] sideErrors = new int[3];
        for (int i = 0; i < bank.entries().size(); i++) {
            PhraseBank.Entry e = bank.entries().get(i);
            if (e.family().isEmpty()) {
                continue;
            }
            n++;
            PhraseBank.Match m = bank.matchLeavingOut(i);
            if (!m.family().equals(e.family())) {
                familyErrors++;
                continue;
            }
            sideErrors[0] += sign(m.neighbourVote(), m.nearest().side()) != e.side() ? 1 : 0;
            sideErrors[1] += sign(m.wordVote(), m.nearest().side()) != e.side() ? 1 : 0;
            sideErrors[2] += m.side() != e.side() ? 1 : 0;
        }
        int right = n - familyErrors;
        System.out.printf(Locale.ROOT, "%d labelled phrasings, family errors %.1f%%%n", n, 100.0 * familyErrors / n);
        System.out.printf(Locale.ROOT, "side errors among the family-correct: neighbours alone %.1f%%, words alone %.1f%%, combined %.1f%%%n",
                100.0 * sideErrors[0] / right, 100.0 * sideErrors[1] / right, 100.0 * sideErrors[2] / right);
    }

    private static int sign(double v, int tie) {
        return v > 0 ? 1 : v < 0 ? -1 : tie;
    }
}
