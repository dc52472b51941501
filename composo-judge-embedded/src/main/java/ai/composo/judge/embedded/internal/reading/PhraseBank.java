package ai.composo.judge.embedded.internal.reading;

import ai.composo.judge.embedded.internal.Embedder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The labelled bank of criterion phrasings ({@code criterion-bank.tsv}: label, side, fragment), embedded once,
 * and the nearest-neighbour lookup that maps a criterion fragment to a family, an aspect and a side.
 */
public final class PhraseBank {
    public static final String RESOURCE = "/ai/composo/judge/embedded/criterion-bank.tsv";

    /** One labelled phrasing. {@code family} is empty for out-of-family ("none") entries. */
    public record Entry(Optional<Family> family, String aspect, int side, String fragment) {}

    /**
     * The nearest bank reading of a fragment: the family of the closest entry (empty when that is a "none"
     * entry), the side its nearest entries agree on, the similarity of the best entry, and the margin to the
     * best entry of any other family (a "none" entry counts as another family).
     */
    public record Match(Optional<Family> family, String aspect, int side, double similarity, double margin, Entry nearest,
                        double neighbourVote, double wordVote) {}

    /** How much the words' log-odds count against the neighbours' vote (in [-1, 1]) when deciding the side. */
    static final double NEIGHBOUR_WEIGHT = 2.0;

    private static final int NEIGHBOURS = 5;
    /** How quickly a neighbour's vote on the side fades with its distance below the best match. */
    private static final double SIDE_TEMPERATURE = 0.015;

    private final List<Entry> entries;
    private final List<float[]> vectors;
    private final Embedder embedder;
    private final SideModel sides;

    PhraseBank(List<Entry> entries, List<float[]> vectors, Embedder embedder) {
        if (entries.size() != vectors.size()) {
            throw new IllegalArgumentException(entries.size() + " bank entries but " + vectors.size() + " vectors");
        }
        this.entries = List.copyOf(entries);
        this.vectors = List.copyOf(vectors);
        this.embedder = embedder;
        this.sides = new SideModel(this.entries);
    }

    /** A bank whose vectors are computed now (slow for the shipped bank: about 9 s on one core). */
    static PhraseBank embedding(List<Entry> entries, Embedder embedder) {
        return new PhraseBank(entries, embedder.embedAll(entries.stream().map(Entry::fragment).toList()), embedder);
    }

    private static volatile PhraseBank shared;

    /** The bank shipped in the jar, embedded with the shared model on first use. */
    public static PhraseBank shared() {
        PhraseBank b = shared;
        if (b == null) {
            synchronized (PhraseBank.class) {
                b = shared;
                if (b == null) {
                    byte[] tsv = resource(RESOURCE);
                    List<Entry> entries = parse(tsv);
                    // The bank's vectors ship precomputed (BankVectors); if the bank was edited without regenerating
                    // them they are computed now, which gives the same vectors, only slower.
                    List<float[]> vectors = BankVectors.read(PhraseBank.class.getResourceAsStream(BankVectors.RESOURCE), tsv, entries.size());
                    b = vectors == null ? embedding(entries, Embedder.shared()) : new PhraseBank(entries, vectors, Embedder.shared());
                    shared = b;
                }
            }
        }
        return b;
    }

    public List<Entry> entries() {
        return entries;
    }

    static byte[] resource(String name) {
        try (InputStream in = PhraseBank.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the criterion phrase bank " + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Entry> parse(byte[] tsv) {
        try {
            return parse(new BufferedReader(new InputStreamReader(new java.io.ByteArrayInputStream(tsv), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Entry> parse(BufferedReader reader) throws IOException {
        List<Entry> out = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = reader.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#") || (n == 1 && line.startsWith("label\t"))) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 3) {
                throw new IllegalStateException("criterion bank line " + n + ": expected label, side and fragment separated by tabs");
            }
            String label = f[0].strip();
            String family = label.contains("/") ? label.substring(0, label.indexOf('/')) : label;
            String aspect = label.contains("/") ? label.substring(label.indexOf('/') + 1) : "";
            int side = switch (f[1].strip()) {
                case "+" -> 1;
                case "-" -> -1;
                case "0" -> 0;
                default -> throw new IllegalStateException("criterion bank line " + n + ": side must be +, - or 0");
            };
            Optional<Family> fam = "none".equals(family) ? Optional.empty() : Family.bySignal(family);
            if (fam.isEmpty() && !"none".equals(family)) {
                throw new IllegalStateException("criterion bank line " + n + ": unknown family '" + family + "'");
            }
            out.add(new Entry(fam, aspect, side, ClauseParser.normalize(f[2])));
        }
        return out;
    }

    /** The bank's reading of one fragment (deterministic: ties broken by bank order). */
    public Match match(String fragment) {
        return match(fragment, embedder.embed(fragment), -1, sides);
    }

    /**
     * As {@link #match(String)}, with the side read from the words of {@code predicate} only: a condition ("when the
     * documents do not contain the answer") gives the topic, not the side ("guess" vs "say so").
     */
    public Match match(String fragment, String predicate) {
        return match(predicate, embedder.embed(fragment), -1, sides);
    }

    /** The bank's reading of entry {@code i}'s fragment with that entry left out (leave-one-out checks of the bank). */
    public Match matchLeavingOut(int i) {
        return match(entries.get(i).fragment(), vectors.get(i), i, new SideModel(entries, i));
    }

    private Match match(String fragment, float[] v, int skip, SideModel sideModel) {
        int k = Math.min(NEIGHBOURS, entries.size());
        int[] top = new int[k];
        double[] sims = new double[k];
        java.util.Arrays.fill(top, -1);
        java.util.Arrays.fill(sims, -2);
        double[] all = new double[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            if (i == skip) {
                all[i] = -2;
                continue;
            }
            double s = Embedder.cosine(v, vectors.get(i));
            all[i] = s;
            if (s > sims[k - 1]) {
                int j = k - 1;
                while (j > 0 && s > sims[j - 1]) {
                    sims[j] = sims[j - 1];
                    top[j] = top[j - 1];
                    j--;
                }
                sims[j] = s;
                top[j] = i;
            }
        }
        Entry best = entries.get(top[0]);
        double bestSim = sims[0];
        // Margin: best entry of a different family (or "none" against a family and vice versa).
        double other = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (i != skip && !entries.get(i).family().equals(best.family())) {
                other = Math.max(other, all[i]);
            }
        }
        double side = 0;
        double weights = 0;
        String aspect = best.aspect();
        for (int j = 0; j < k; j++) {
            if (top[j] < 0) {
                continue;
            }
            Entry e = entries.get(top[j]);
            if (e.family().equals(best.family())) {
                double w = Math.exp((sims[j] - bestSim) / SIDE_TEMPERATURE);
                side += e.side() * w;
                weights += w;
                if (aspect.isEmpty() && !e.aspect().isEmpty()) {
                    aspect = e.aspect();
                }
            }
        }
        double vote = weights == 0 ? 0 : side / weights;
        double words = best.family().map(f -> sideModel.logOdds(f, fragment)).orElse(0.0);
        double combined = words + NEIGHBOUR_WEIGHT * vote;
        int sideSign = combined > 0 ? 1 : combined < 0 ? -1 : best.side();
        return new Match(best.family(), aspect, sideSign, bestSim, bestSim - other, best, vote, words);
    }
}
