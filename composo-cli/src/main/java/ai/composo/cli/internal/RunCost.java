package ai.composo.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a run cost: the token usage LLM judges report ({@code metadata.usage}), summed per judge model, an estimate
 * in money from an optional price table (per model, per million tokens), and the CPU time of this process, which in
 * local mode with the embedded judge is the whole cost (CLI, server and judge).
 */
public final class RunCost {
    private final Map<String, Map<String, Long>> tokensByModel = new TreeMap<>();
    private final Map<String, Map<String, Double>> prices;
    private final long cpuStartNanos = cpuNanos();
    private long evaluationsWithUsage;

    private RunCost(Map<String, Map<String, Double>> prices) {
        this.prices = prices;
    }

    /**
     * {@code priceTable}: a properties file of {@code MODEL.prompt}, {@code MODEL.completion} and optionally
     * {@code MODEL.cached} prices per million tokens (null for none).
     */
    public static RunCost start(Path priceTable) {
        Map<String, Map<String, Double>> prices = new TreeMap<>();
        if (priceTable != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(priceTable, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new InputException("Cannot read the price table " + priceTable + ": " + e.getMessage(), e);
            }
            for (String key : p.stringPropertyNames()) {
                int dot = key.lastIndexOf('.');
                String kind = dot < 0 ? "" : key.substring(dot + 1);
                if (dot <= 0 || !(kind.equals("prompt") || kind.equals("completion") || kind.equals("cached"))) {
                    throw new InputException("price table " + priceTable + ": '" + key + "' is not MODEL.prompt, MODEL.completion or MODEL.cached");
                }
                double price;
                try {
                    price = Double.parseDouble(p.getProperty(key).strip());
                } catch (NumberFormatException e) {
                    throw new InputException("price table " + priceTable + ": " + key + " must be a price per million tokens, got '" + p.getProperty(key) + "'");
                }
                if (price < 0) {
                    throw new InputException("price table " + priceTable + ": " + key + " must not be negative");
                }
                prices.computeIfAbsent(key.substring(0, dot), m -> new LinkedHashMap<>()).put(kind, price);
            }
        }
        return new RunCost(prices);
    }

    /** Counts one result's usage, if its judge reported any. */
    public synchronized void add(JsonNode metadata) {
        if (metadata == null || !metadata.path("usage").isObject()) {
            return;
        }
        String model = metadata.path("judge_model").asText("unknown model");
        Map<String, Long> t = tokensByModel.computeIfAbsent(model, m -> new TreeMap<>());
        metadata.get("usage").fields().forEachRemaining(e -> {
            if (e.getValue().isIntegralNumber()) {
                t.merge(e.getKey(), e.getValue().asLong(), Long::sum);
            }
        });
        evaluationsWithUsage++;
    }

    public synchronized double cpuSeconds() {
        return (cpuNanos() - cpuStartNanos) / 1e9;
    }

    /** The estimate in the price table's currency, or NaN without a price table or with a model it lacks. */
    public synchronized double estimated() {
        if (prices.isEmpty() || tokensByModel.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (Map.Entry<String, Map<String, Long>> e : tokensByModel.entrySet()) {
            Map<String, Double> p = prices.get(e.getKey());
            if (p == null || !p.containsKey("prompt") || !p.containsKey("completion")) {
                return Double.NaN;
            }
            long cached = e.getValue().getOrDefault("cached_tokens", 0L);
            long prompt = e.getValue().getOrDefault("prompt_tokens", 0L) - (p.containsKey("cached") ? cached : 0);
            sum += prompt * p.get("prompt") / 1e6 + e.getValue().getOrDefault("completion_tokens", 0L) * p.get("completion") / 1e6
                    + (p.containsKey("cached") ? cached * p.get("cached") / 1e6 : 0);
        }
        return sum;
    }

    /** One line for the summary and the report. */
    public synchronized String describe() {
        StringBuilder b = new StringBuilder();
        if (tokensByModel.isEmpty()) {
            b.append("no token usage reported (the embedded judge uses none)");
        } else {
            tokensByModel.forEach((model, t) -> b.append(b.length() > 0 ? "; " : "").append(model).append(": ")
                    .append(String.format(Locale.ROOT, "%,d prompt + %,d completion tokens", t.getOrDefault("prompt_tokens", 0L),
                            t.getOrDefault("completion_tokens", 0L)))
                    .append(t.containsKey("cached_tokens") ? String.format(Locale.ROOT, " (%,d cached)", t.get("cached_tokens")) : ""));
            b.append(" over ").append(evaluationsWithUsage).append(evaluationsWithUsage == 1 ? " evaluation" : " evaluations");
            double est = estimated();
            if (!Double.isNaN(est)) {
                b.append(String.format(Locale.ROOT, "; estimated cost %.4f (price table)", est));
            } else if (!prices.isEmpty()) {
                b.append("; no estimate: the price table lacks ").append(String.join(", ", missingModels()));
            }
        }
        b.append(String.format(Locale.ROOT, " · CPU %.1f s in this process", cpuSeconds()));
        return b.toString();
    }

    private java.util.List<String> missingModels() {
        return tokensByModel.keySet().stream().filter(m -> !prices.containsKey(m)).toList();
    }

    /** For the run manifest. */
    public synchronized Map<String, Object> toManifest() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokens", new TreeMap<>(tokensByModel));
        m.put("evaluations_with_usage", evaluationsWithUsage);
        m.put("cpu_seconds", Math.round(cpuSeconds() * 1000) / 1000.0);
        double est = estimated();
        if (!Double.isNaN(est)) {
            m.put("estimated_cost", Math.round(est * 1e6) / 1e6);
        }
        return m;
    }

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }
}
