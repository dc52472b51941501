package ai.composo.bench.judge.publicdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark pair: a conversation (system / user / assistant messages, OpenAI format) and two candidate final
 * assistant turns for it, {@code better} (labelled good by the dataset) and {@code worse}.
 *
 * @param kind    benchmark kind, e.g. {@code faithfulness_summary}
 * @param dataset id of the {@link PublicDatasets} entry it came from
 * @param source  sub-set within the kind used for stratified capping and per-source figures (e.g. {@code summedits/news})
 * @param key     stable item key (dataset + source ids), used for ordering within a split
 * @param group   stable group key deciding the split (all pairs of one source unit share it)
 * @param split   {@code dev} or {@code test}
 */
public record BenchItem(String kind, String dataset, String source, String key, String group, String split,
                        List<JsonNode> context, String better, String worse) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public BenchItem {
        context = List.copyOf(context);
    }

    /** A pair whose split follows from its group key ({@link Split#of}). */
    public static BenchItem of(String kind, String dataset, String source, String key, String group,
                               List<JsonNode> context, String better, String worse) {
        return new BenchItem(kind, dataset, source, key, group, Split.of(group), context, better, worse);
    }

    /** The context followed by {@code response} as the final assistant turn. */
    public List<JsonNode> messagesWith(String response) {
        List<JsonNode> m = new ArrayList<>(context);
        m.add(message("assistant", response));
        return m;
    }

    public static ObjectNode message(String role, String content) {
        return JSON.createObjectNode().put("role", role).put("content", content);
    }
}
