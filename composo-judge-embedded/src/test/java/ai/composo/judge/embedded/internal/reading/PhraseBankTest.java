package ai.composo.judge.embedded.internal.reading;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.judge.embedded.internal.Embedder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhraseBankTest {
    @Test
    void shippedVectorsBelongToTheShippedBankAndEqualWhatTheModelComputes() throws Exception {
        byte[] tsv = PhraseBank.resource(PhraseBank.RESOURCE);
        List<PhraseBank.Entry> entries = PhraseBank.parse(tsv);
        assertThat(entries).hasSizeGreaterThanOrEqualTo(600);
        List<float[]> vectors = BankVectors.read(PhraseBank.class.getResourceAsStream(BankVectors.RESOURCE), tsv, entries.size());
        assertThat(vectors).as("criterion-bank.vectors was computed from another version of criterion-bank.tsv: run BankVectors").isNotNull();
        Thread t = new Thread(null, () -> {
            for (int i = 0; i < entries.size(); i += entries.size() / 25) {
                assertThat(Embedder.shared().embed(entries.get(i).fragment())).as(entries.get(i).fragment()).containsExactly(vectors.get(i));
            }
        }, "embed", 4L << 20);
        Throwable[] failure = new Throwable[1];
        t.setUncaughtExceptionHandler((th, e) -> failure[0] = e);
        t.start();
        t.join();
        assertThat(failure[0]).isNull();
    }

    @Test
    void everyFamilyHasBothSidesInTheBank() {
        List<PhraseBank.Entry> entries = PhraseBank.parse(PhraseBank.resource(PhraseBank.RESOURCE));
        for (Family f : Family.values()) {
            assertThat(entries).as(f.signal + " good side").anyMatch(e -> e.family().equals(java.util.Optional.of(f)) && e.side() > 0);
            assertThat(entries).as(f.signal + " bad side").anyMatch(e -> e.family().equals(java.util.Optional.of(f)) && e.side() < 0);
        }
        assertThat(entries).anyMatch(e -> e.family().isEmpty());
    }
}
