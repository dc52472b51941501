package ai.composo.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.criteria.Criteria;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriteriaResolverTest {
    @TempDir
    Path dir;

    @Test
    void inlineThenFileThenSetInOrder() throws Exception {
        Path f = dir.resolve("c.txt");
        Files.writeString(f, "# support criteria\n\nReward responses that are polite\n  Response fails if it invents a policy  \n");
        List<String> all = CriteriaResolver.resolve(List.of("Penalize responses that ramble"), f, "RAG");
        assertThat(all.subList(0, 3)).containsExactly("Penalize responses that ramble", "Reward responses that are polite",
                "Response fails if it invents a policy");
        assertThat(all.subList(3, all.size())).isEqualTo(Criteria.set("rag"));
    }

    @Test
    void jsonArrayFile() throws Exception {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "[\"Reward responses that are short\", \"Passes if it greets the user\"]");
        assertThat(CriteriaResolver.resolve(List.of(), f, null)).hasSize(2);
        Files.writeString(f, "[1, 2]");
        assertThatThrownBy(() -> CriteriaResolver.resolve(List.of(), f, null)).hasMessageContaining("array of strings");
    }

    @Test
    void preciseProblems() {
        assertThatThrownBy(() -> CriteriaResolver.resolve(List.of(), null, null)).hasMessageContaining("no criteria");
        assertThatThrownBy(() -> CriteriaResolver.resolve(List.of("Be nice"), null, null))
                .hasMessageContaining("criterion \"Be nice\"").hasMessageContaining("accepted prefixes");
        assertThatThrownBy(() -> CriteriaResolver.resolve(List.of("Reward a", "Reward a"), null, null)).hasMessageContaining("given twice");
        assertThatThrownBy(() -> CriteriaResolver.resolve(List.of(), null, "nope")).hasMessageStartingWith("--criteria-set: ");
        assertThatThrownBy(() -> CriteriaResolver.resolve(List.of(), dir.resolve("missing.txt"), null)).hasMessageContaining("not found");
    }
}
