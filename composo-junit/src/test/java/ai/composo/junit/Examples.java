package ai.composo.junit;

import java.util.LinkedHashMap;
import java.util.Map;

/** The project's example dataset and its regressed twin (same ids, worse responses), by row id. */
final class Examples {
    static final String GOOD = "../examples/support-and-rag.jsonl";
    static final String REGRESSED = "../examples/support-and-rag-regressed.jsonl";

    private Examples() {}

    static Map<String, DatasetRow> rows(String location) {
        Map<String, DatasetRow> out = new LinkedHashMap<>();
        DatasetProvider.read(location, Examples.class.getClassLoader()).forEach(r -> out.put(r.id(), r));
        return out;
    }
}
