package ai.composo.server.internal;

import ai.composo.judge.Judge;
import ai.composo.judge.JudgeConfig;
import ai.composo.judge.JudgeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The configured judges, built through {@link ServiceLoader}{@code <JudgeFactory>} by type, and the mapping
 * from {@code model_core} to judge: configured names select their judge; the hosted {@code align-*} names
 * select the default judge.
 */
public final class JudgeRegistry implements AutoCloseable {
    /** A judge with the name it is configured under. */
    public record Named(String name, Judge judge) {}

    private final Map<String, Named> byName = new LinkedHashMap<>();
    private final Named defaultJudge;

    public JudgeRegistry(List<JudgeConfig> configs, String defaultName) {
        Map<String, JudgeFactory> factories = factories();
        List<JudgeConfig> list = new ArrayList<>(configs);
        if (list.isEmpty()) {
            if (!factories.containsKey("embedded")) {
                throw new IllegalArgumentException("No judge is configured and the embedded judge (composo-judge-embedded) is not on "
                        + "the class path. Configure one, e.g. judge.llama.type=openai, judge.llama.base-url=http://localhost:11434/v1, "
                        + "judge.llama.model=llama3.1:8b (available judge types: " + String.join(", ", factories.keySet()) + ")");
            }
            list.add(JudgeConfig.of("embedded", "embedded", Map.of()));
        }
        try {
            for (JudgeConfig c : list) {
                JudgeFactory f = factories.get(c.type());
                if (f == null) {
                    throw new IllegalArgumentException("judge '" + c.name() + "': unknown type '" + c.type() + "' (available types: "
                            + String.join(", ", factories.keySet()) + ")");
                }
                if (ModelCores.HOSTED.contains(c.name())) {
                    throw new IllegalArgumentException("judge '" + c.name() + "': that name is a hosted model core, which always maps to "
                            + "the default judge; choose another name");
                }
                byName.put(c.name(), new Named(c.name(), f.create(c)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        String def = defaultName != null ? defaultName : list.size() == 1 ? list.get(0).name() : null;
        if (def == null) {
            close();
            throw new IllegalArgumentException("Several judges are configured (" + String.join(", ", byName.keySet())
                    + "): name the default one with judges.default=<name>");
        }
        if (!byName.containsKey(def)) {
            close();
            throw new IllegalArgumentException("judges.default names '" + def + "', which is not configured (configured: "
                    + String.join(", ", byName.keySet()) + ")");
        }
        this.defaultJudge = byName.get(def);
    }

    public static Map<String, JudgeFactory> factories() {
        Map<String, JudgeFactory> out = new TreeMap<>();
        for (JudgeFactory f : ServiceLoader.load(JudgeFactory.class, JudgeRegistry.class.getClassLoader())) {
            out.putIfAbsent(f.type(), f);
        }
        return out;
    }

    /** Every accepted model core: configured judge names, then the hosted names. */
    public List<String> acceptedCores() {
        List<String> out = new ArrayList<>(byName.keySet());
        ModelCores.HOSTED.forEach(n -> {
            if (!out.contains(n)) {
                out.add(n);
            }
        });
        return out;
    }

    public Named resolve(String modelCore) {
        Named n = byName.get(modelCore);
        return n != null ? n : defaultJudge;
    }

    public Named defaultJudge() {
        return defaultJudge;
    }

    public List<Named> all() {
        return List.copyOf(byName.values());
    }

    @Override
    public void close() {
        for (Named n : byName.values()) {
            try {
                n.judge().close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        }
    }
}
