package ai.composo.judge.embedded.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * bge-small-en-v1.5 (int8) from the jar of {@link BgeSmallEnV15QuantizedEmbeddingModel}, in one
 * process-wide ONNX session. The session is single-threaded per call (intra- and inter-op threads = 1,
 * sequential execution) so that a text always embeds to the same vector, bit for bit, and so that
 * concurrency is exactly the judge's own worker pool. Nothing is ever downloaded.
 */
public final class Embedder {
    public static final String MODEL_NAME = "bge-small-en-v1.5-q";
    private static final String MODEL_RESOURCE = "bge-small-en-v1.5-q.onnx";
    private static final String TOKENIZER_RESOURCE = "bge-small-en-v1.5-q-tokenizer.json";

    /** Long texts (whole documents) are embedded again rather than kept, bounding the cache to a few tens of MB. */
    private static final int MAX_CACHED_CHARS = 2000;

    private static volatile Embedder shared;

    private final Model model;
    private final long loadMillis;
    private final Map<String, float[]> cache;
    private final ConcurrentHashMap<String, CompletableFuture<float[]>> inFlight = new ConcurrentHashMap<>();

    private Embedder(Model model, long loadMillis, int cacheSize) {
        this.model = model;
        this.loadMillis = loadMillis;
        this.cache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /** The process-wide embedder, loading the model on first use (call from a thread with a large stack). */
    public static Embedder shared() {
        Embedder e = shared;
        if (e == null) {
            synchronized (Embedder.class) {
                e = shared;
                if (e == null) {
                    e = load();
                    shared = e;
                }
            }
        }
        return e;
    }

    private static Embedder load() {
        long start = System.nanoTime();
        ClassLoader loader = BgeSmallEnV15QuantizedEmbeddingModel.class.getClassLoader();
        try (InputStream onnx = loader.getResourceAsStream(MODEL_RESOURCE);
             InputStream tokenizer = loader.getResourceAsStream(TOKENIZER_RESOURCE)) {
            if (onnx == null || tokenizer == null) {
                throw new IllegalStateException("the bge-small-en-v1.5-q model files are missing from the classpath");
            }
            byte[] bytes = onnx.readAllBytes();
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession session;
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                session = env.createSession(bytes, options);
            }
            Model model = new Model(new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.CLS));
            model.embed("warm up");
            return new Embedder(model, (System.nanoTime() - start) / 1_000_000, 8192);
        } catch (IOException | OrtException e) {
            throw new IllegalStateException("could not load the bge-small-en-v1.5-q model: " + e.getMessage(), e);
        }
    }

    public long loadMillis() {
        return loadMillis;
    }

    /**
     * The L2-normalised embedding of {@code text}; identical texts share one cached vector. A text that another
     * thread is embedding right now is waited for, not embedded twice: the criteria of one row are judged in
     * parallel and ask for the same texts at the same moment.
     */
    public float[] embed(String text) {
        String key = text.isBlank() ? "(empty)" : text;
        synchronized (cache) {
            float[] hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        CompletableFuture<float[]> mine = new CompletableFuture<>();
        CompletableFuture<float[]> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running.join();
        }
        try {
            float[] v;
            synchronized (cache) {
                v = cache.get(key);
            }
            if (v == null) {
                v = model.embed(TextSegment.from(key)).content().vector();
            }
            if (key.length() <= MAX_CACHED_CHARS) {
                synchronized (cache) {
                    cache.put(key, v);
                }
            }
            mine.complete(v);
            return v;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** The embeddings of {@code texts}, in order (each as {@link #embed(String)} would give it). */
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embed(t));
        }
        return out;
    }

    /** Cosine of two normalised vectors, summed in a fixed order (deterministic). */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** The highest cosine of {@code v} to any of {@code others} (-1 when there are none). */
    public static double maxCosine(float[] v, List<float[]> others) {
        double m = -1;
        for (float[] o : others) {
            m = Math.max(m, cosine(v, o));
        }
        return m;
    }

    public double similarity(String a, String b) {
        return cosine(embed(a), embed(b));
    }

    private static final class Model extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Model(OnnxBertBiEncoder encoder) {
            super(Runnable::run);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }
    }
}
