package ai.composo.bench.judge;

import ai.composo.bench.judge.publicdata.BenchItem;
import ai.composo.bench.judge.publicdata.GitSource;
import ai.composo.bench.judge.publicdata.PublicDatasets;
import ai.composo.bench.judge.publicdata.Split;
import ai.composo.judge.embedded.internal.Embedder;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How far could any judge built on the embedded judge's model go on a public benchmark kind? Not a judge: a
 * <em>supervised</em> pairwise probe, trained on the kind's own labels, over everything the embedded judge can see of
 * a response (its bge-small vector, the prompt's vector, their element-wise product and cosine, length and sentence
 * count). A criterion-reading judge gets no labels, so the probe's accuracy is an upper bound on what reading the
 * criterion better could give with this model, and an optimistic one: it is reported (a) trained on the dev split and
 * tested on the fixed test split, and (b) by 10-fold cross-validation inside the test split, each with the best of a
 * few regularisation strengths <em>chosen on the figure reported</em>.
 *
 * <p>The probe is an L2-regularised logistic regression on feature differences f(better) − f(worse), fitted with
 * symmetric pairs (x, 1) and (−x, 0) and no intercept, so swapping the two responses swaps the prediction.
 *
 * <pre>java -Xss4m -cp CP ai.composo.bench.judge.EmbeddingCeilingBench [--kinds helpfulness,harmlessness] [--data /work/.mirror]</pre>
 */
public final class EmbeddingCeilingBench {
    private static final double[] LAMBDAS = {1e-4, 1e-3, 1e-2, 1e-1, 1.0};
    private static final int FOLDS = 10;
    private static final int DEV_PAIRS = 600;

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Set<String> kinds = new LinkedHashSet<>(List.of(opt.getOrDefault("kinds",
                "helpfulness,helpfulness_adversarial,harmlessness,tone").split(",")));
        GitSource git = new GitSource(Path.of(opt.getOrDefault("data", "/work/.mirror")));
        Map<String, List<BenchItem>> byKind = new LinkedHashMap<>();
        kinds.forEach(k -> byKind.put(k, new ArrayList<>()));
        for (PublicDatasets.Prepared p : PublicDatasets.prepare(git, kinds)) {
            p.items().forEach(i -> byKind.get(i.kind()).add(i));
        }
        Thread worker = new Thread(null, () -> run(byKind), "ceiling", 8 << 20);
        worker.start();
        worker.join();
    }

    private static void run(Map<String, List<BenchItem>> byKind) {
        Embedder embedder = Embedder.shared();
        System.out.println("| kind | dev pairs | test pairs | length only (test) | probe: dev → test | probe: 10-fold CV in test |");
        System.out.println("|---|---|---|---|---|---|");
        for (Map.Entry<String, List<BenchItem>> e : byKind.entrySet()) {
            List<BenchItem> dev = Split.select(e.getValue(), "dev", DEV_PAIRS);
            List<BenchItem> test = Split.select(e.getValue(), "test", Split.TEST_CAP);
            double[][] xDev = differences(dev, embedder);
            double[][] xTest = differences(test, embedder);
            double lengthOnly = lengthBaseline(xTest);
            double transfer = 0;
            double cv = 0;
            for (double lambda : LAMBDAS) {
                transfer = Math.max(transfer, dev.isEmpty() ? 0 : accuracy(fit(xDev, lambda), xTest));
                cv = Math.max(cv, crossValidated(xTest, lambda));
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.3f | %s | %.3f |%n", e.getKey(), dev.size(), test.size(),
                    lengthOnly, dev.isEmpty() ? "–" : String.format(Locale.ROOT, "%.3f", transfer), cv);
        }
    }

    private static double[][] differences(List<BenchItem> items, Embedder embedder) {
        double[][] out = new double[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            BenchItem it = items.get(i);
            float[] q = embedder.embed(prompt(it.context()));
            double[] good = features(q, it.better(), embedder);
            double[] bad = features(q, it.worse(), embedder);
            double[] d = new double[good.length];
            for (int j = 0; j < d.length; j++) {
                d[j] = good[j] - bad[j];
            }
            out[i] = d;
        }
        return out;
    }

    private static String prompt(List<JsonNode> context) {
        StringBuilder b = new StringBuilder();
        for (JsonNode m : context) {
            if (!"assistant".equals(m.path("role").asText())) {
                b.append(m.path("content").asText()).append('\n');
            }
        }
        return b.toString().strip();
    }

    /** What the embedded judge can see of one response: [r, q⊙r, cos(q,r), log length, log sentences]. */
    private static double[] features(float[] q, String response, Embedder embedder) {
        float[] r = embedder.embed(response);
        double[] f = new double[2 * r.length + 3];
        for (int j = 0; j < r.length; j++) {
            f[j] = r[j];
            f[r.length + j] = (double) q[j] * r[j] * 10;
        }
        f[2 * r.length] = Embedder.cosine(q, r);
        f[2 * r.length + 1] = Math.log1p(response.length()) / 4;
        f[2 * r.length + 2] = Math.log1p(response.split("(?<=[.!?])\\s+").length) / 2;
        return f;
    }

    /** Pairwise accuracy of "the longer response is better" or "the shorter", whichever is right more often. */
    private static double lengthBaseline(double[][] x) {
        int longer = 0;
        int ties = 0;
        int lengthIndex = x.length == 0 ? 0 : x[0].length - 2;
        for (double[] d : x) {
            if (d[lengthIndex] > 0) {
                longer++;
            } else if (d[lengthIndex] == 0) {
                ties++;
            }
        }
        double a = (longer + ties / 2.0) / Math.max(1, x.length);
        return Math.max(a, 1 - a);
    }

    private static double crossValidated(double[][] x, double lambda) {
        int correct = 0;
        for (int fold = 0; fold < FOLDS; fold++) {
            List<double[]> train = new ArrayList<>();
            List<double[]> held = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                (i % FOLDS == fold ? held : train).add(x[i]);
            }
            double[] w = fit(train.toArray(double[][]::new), lambda);
            for (double[] d : held) {
                correct += dot(w, d) > 0 ? 1 : 0;
            }
        }
        return correct / (double) Math.max(1, x.length);
    }

    private static double accuracy(double[] w, double[][] x) {
        int correct = 0;
        for (double[] d : x) {
            correct += dot(w, d) > 0 ? 1 : 0;
        }
        return correct / (double) Math.max(1, x.length);
    }

    /**
     * Logistic regression on (d, 1) and (−d, 0) by gradient descent on features scaled to unit RMS; P(better first)
     * = σ(w·d). Returns the weights for the unscaled features.
     */
    private static double[] fit(double[][] x, double lambda) {
        int dim = x.length == 0 ? 0 : x[0].length;
        double[] rms = new double[dim];
        for (double[] d : x) {
            for (int j = 0; j < dim; j++) {
                rms[j] += d[j] * d[j];
            }
        }
        for (int j = 0; j < dim; j++) {
            rms[j] = Math.sqrt(rms[j] / Math.max(1, x.length));
            rms[j] = rms[j] == 0 ? 1 : rms[j];
        }
        double[] w = new double[dim];
        double step = 1.0;
        for (int iter = 0; iter < 1000; iter++) {
            double[] grad = new double[dim];
            for (double[] d : x) {
                // The symmetric pair (−d, 0) has the same gradient as (d, 1): one term, counted twice.
                double z = 0;
                for (int j = 0; j < dim; j++) {
                    z += w[j] * d[j] / rms[j];
                }
                double g = 1 / (1 + Math.exp(-z)) - 1;
                for (int j = 0; j < dim; j++) {
                    grad[j] += g * d[j] / rms[j];
                }
            }
            for (int j = 0; j < dim; j++) {
                w[j] -= step * (grad[j] / Math.max(1, x.length) + lambda * w[j]);
            }
        }
        for (int j = 0; j < dim; j++) {
            w[j] /= rms[j];
        }
        return w;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private EmbeddingCeilingBench() {}
}
