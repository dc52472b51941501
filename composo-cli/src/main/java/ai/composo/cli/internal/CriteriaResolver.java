package ai.composo.cli.internal;

import ai.composo.criteria.Criteria;
import ai.composo.internal.json.Json;
import ai.composo.judge.Criterion;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Collects the criteria of a run from {@code -c}, {@code --criteria-file} and {@code --criteria-set}, in
 * that order, and checks each one's prefix before anything is sent (a wrong prefix would otherwise
 * fail every row with a 422).
 */
public final class CriteriaResolver {
    private CriteriaResolver() {}

    public static List<String> resolve(List<String> inline, Path file, String set) {
        List<String> all = new ArrayList<>();
        if (inline != null) {
            all.addAll(inline);
        }
        if (file != null) {
            all.addAll(readFile(file));
        }
        if (set != null) {
            try {
                all.addAll(Criteria.set(set.strip().toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--criteria-set: " + e.getMessage());
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no criteria: give -c \"Reward responses that …\", --criteria-file FILE or --criteria-set rag|agent|tool-call|response-quality");
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String c : all) {
            try {
                Criterion.parse(c);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("criterion \"" + abbreviate(c) + "\": " + e.getMessage()
                        + " (accepted prefixes: " + Criterion.acceptedPrefixes() + ")");
            }
            if (!unique.add(c.strip())) {
                throw new IllegalArgumentException("criterion given twice: \"" + abbreviate(c) + "\"");
            }
        }
        return List.copyOf(unique);
    }

    private static List<String> readFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--criteria-file not found: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --criteria-file " + file + ": " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        if (text.stripLeading().startsWith("[")) {
            JsonNode arr;
            try {
                arr = Json.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--criteria-file " + file + ": " + e.getMessage());
            }
            for (JsonNode n : arr) {
                if (!n.isTextual()) {
                    throw new IllegalArgumentException("--criteria-file " + file + ": a JSON criteria file must be an array of strings");
                }
                out.add(n.asText());
            }
        } else {
            for (String line : text.split("\\R")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--criteria-file " + file + " holds no criteria");
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 59) + "…";
    }
}
