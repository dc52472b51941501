package ai.composo.judge.embedded.internal.reading;

import ai.composo.judge.embedded.internal.Embedder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The phrase bank's embeddings, computed ahead of time so that the judge does not spend seconds embedding the
 * bank at start-up. The file holds the SHA-256 of the bank text it was computed from; a file for another bank is
 * ignored. Regenerate after editing the bank:
 *
 * <pre>java -Xss4m -cp "$(cat cp.txt):composo-judge-embedded/target/classes" \
 *     ai.composo.judge.embedded.internal.reading.BankVectors composo-judge-embedded/src/main/resources</pre>
 */
public final class BankVectors {
    public static final String RESOURCE = "/ai/composo/judge/embedded/criterion-bank.vectors";
    private static final int MAGIC = 0x43425631; // "CBV1"

    private BankVectors() {}

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The vectors, or null when there is no file or it was computed from another bank. */
    static List<float[]> read(InputStream in, byte[] tsv, int count) {
        if (in == null) {
            return null;
        }
        try (DataInputStream d = new DataInputStream(new BufferedInputStream(in, 1 << 16))) {
            if (d.readInt() != MAGIC) {
                return null;
            }
            byte[] hash = new byte[32];
            d.readFully(hash);
            int n = d.readInt();
            int dim = d.readInt();
            if (!Arrays.equals(hash, sha256(tsv)) || n != count || dim <= 0 || dim > 4096) {
                return null;
            }
            byte[] raw = new byte[Math.multiplyExact(Math.multiplyExact(n, dim), Float.BYTES)];
            d.readFully(raw);
            FloatBuffer floats = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asFloatBuffer();
            List<float[]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] v = new float[dim];
                floats.get(v);
                out.add(v);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the criterion bank's vectors", e);
        }
    }

    static void write(OutputStream out, byte[] tsv, List<float[]> vectors) throws IOException {
        DataOutputStream d = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
        d.writeInt(MAGIC);
        d.write(sha256(tsv));
        d.writeInt(vectors.size());
        d.writeInt(vectors.isEmpty() ? 0 : vectors.get(0).length);
        for (float[] v : vectors) {
            for (float f : v) {
                d.writeFloat(f);
            }
        }
        d.flush();
    }

    /** Writes {@code criterion-bank.vectors} beside the bank under the given resources folder. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "composo-judge-embedded/src/main/resources");
        Path tsvPath = root.resolve(PhraseBank.RESOURCE.substring(1));
        byte[] tsv = Files.readAllBytes(tsvPath);
        List<PhraseBank.Entry> entries = PhraseBank.parse(tsv);
        List<float[]> vectors = Embedder.shared().embedAll(entries.stream().map(PhraseBank.Entry::fragment).toList());
        Path out = root.resolve(RESOURCE.substring(1));
        try (OutputStream o = Files.newOutputStream(out)) {
            write(o, tsv, vectors);
        }
        System.out.println("wrote " + vectors.size() + " vectors to " + out);
    }
}
