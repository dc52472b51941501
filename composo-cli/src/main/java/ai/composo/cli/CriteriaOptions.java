package ai.composo.cli;

import ai.composo.cli.internal.CriteriaResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The criteria of a run: inline, from a file and from the criteria library. Shared by eval and trace. */
public final class CriteriaOptions {
    @Option(names = {"-c", "--criterion"}, paramLabel = "CRITERION",
            description = "A criterion sentence, e.g. \"Reward responses that …\" or \"Response fails if …\". Repeatable.")
    List<String> criteria = new ArrayList<>();

    @Option(names = "--criteria-file", paramLabel = "FILE",
            description = "Criteria, one per line (blank lines and lines starting with # ignored), or a JSON array of strings.")
    Path criteriaFile;

    @Option(names = "--criteria-set", paramLabel = "NAME",
            description = "A named list from the criteria library: rag, agent, tool-call, response-quality.")
    String criteriaSet;

    /** The criteria in order, each checked; throws {@link IllegalArgumentException} with a user-facing message. */
    public List<String> resolve() {
        return CriteriaResolver.resolve(criteria, criteriaFile, criteriaSet);
    }
}
