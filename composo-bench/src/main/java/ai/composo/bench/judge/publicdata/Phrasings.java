package ai.composo.bench.judge.publicdata;

import ai.composo.judge.Criterion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The criterion phrasings per kind, from the resource {@code public-bench/phrasings.json} (written before the first
 * run and never tuned). Every phrasing must parse as a criterion and every kind needs at least five.
 */
public record Phrasings(int version, Map<String, List<String>> byKind) {
    public static final String RESOURCE = "/public-bench/phrasings.json";
    public static final int MIN_PER_KIND = 5;

    public static Phrasings load() {
        try (InputStream in = Phrasings.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, List<String>> m = new LinkedHashMap<>();
            root.path("kinds").fields().forEachRemaining(e -> {
                List<String> l = new ArrayList<>();
                e.getValue().forEach(p -> l.add(p.asText()));
                m.put(e.getKey(), List.copyOf(l));
            });
            root.path("aliases").fields().forEachRemaining(e -> {
                List<String> target = m.get(e.getValue().asText());
                if (target == null) {
                    throw new IllegalStateException(RESOURCE + ": alias " + e.getKey() + " names an unknown kind " + e.getValue().asText());
                }
                m.put(e.getKey(), target);
            });
            for (Map.Entry<String, List<String>> e : m.entrySet()) {
                if (e.getValue().size() < MIN_PER_KIND) {
                    throw new IllegalStateException(RESOURCE + ": kind " + e.getKey() + " has fewer than " + MIN_PER_KIND + " phrasings");
                }
                e.getValue().forEach(Criterion::parse);
            }
            return new Phrasings(root.path("version").asInt(), Map.copyOf(m));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public List<String> of(String kind) {
        List<String> l = byKind.get(kind);
        if (l == null) {
            throw new IllegalArgumentException("no phrasings for kind " + kind + " in " + RESOURCE);
        }
        return l;
    }

    /** "reward+", "reward-" (Penalize), "pass" (passes if) or "fail" (fails if). */
    public static String form(String phrasing) {
        Criterion c = Criterion.parse(phrasing);
        if (c.isPassFail()) {
            return c.polarity() == Criterion.Polarity.POSITIVE ? "pass" : "fail";
        }
        return c.polarity() == Criterion.Polarity.POSITIVE ? "reward+" : "reward-";
    }
}
