package ai.composo.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompactKeySetTest {
    @Test
    void behavesAsASetOfStringsThroughManyResizes() {
        CompactKeySet compact = new CompactKeySet();
        Set<String> reference = new HashSet<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            // short, similar and repeated keys, as row ids and "criterion:repeat:id" pairs are
            String key = random.nextInt(4) == 0 ? "row-" + random.nextInt(150_000) : (i % 7) + ":" + (i % 3 + 1) + ":id-" + i;
            assertThat(compact.add(key)).as(key).isEqualTo(reference.add(key));
        }
        assertThat(compact.size()).isEqualTo(reference.size());
        for (String key : reference) {
            assertThat(compact.contains(key)).as(key).isTrue();
        }
        for (int i = 0; i < 50_000; i++) {
            String absent = "absent-" + i;
            assertThat(compact.contains(absent)).as(absent).isFalse();
        }
        assertThat(compact.add("")).isTrue();
        assertThat(compact.contains("")).isTrue();
        assertThat(compact.add("")).isFalse();
        assertThat(compact.contains("ünïcödé id")).isFalse();
        assertThat(compact.add("ünïcödé id")).isTrue();
        assertThat(compact.contains("ünïcödé id")).isTrue();
    }
}
