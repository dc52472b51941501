package ai.composo.bench.judge.publicdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

/**
 * Reads files of fetched public repositories at a pinned commit, without a work tree: {@code git --git-dir=DIR
 * show COMMIT:PATH}. The folder holding the fetched repositories (default {@code /work/.mirror}) has one folder per
 * repository named {@code owner+name}, with the git directory at {@code owner+name/repo} (bare) or
 * {@code owner+name/repo/.git}; a plain {@code owner+name} git directory or work tree is accepted too.
 *
 * <p>Nothing is downloaded here: a missing repository, commit or path is an {@link IllegalStateException} naming
 * the repository and the commit, so the caller knows what to fetch.
 */
public final class GitSource {
    private final Path root;

    public GitSource(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The git directory of {@code owner/name} under the root. */
    public Path gitDir(String repo) {
        Path base = root.resolve(repo.replace('/', '+'));
        for (Path candidate : List.of(base.resolve("repo/.git"), base.resolve("repo"), base.resolve(".git"), base)) {
            if (Files.isDirectory(candidate) && Files.exists(candidate.resolve("HEAD")) && Files.isDirectory(candidate.resolve("objects"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("repository " + repo + " is not under " + root + " (looked for a git directory at "
                + base.resolve("repo") + "): fetch github:" + repo + " (the benchmark needs its commit) into " + root);
    }

    /** The bytes of {@code path} at {@code commit}; gzip files (name ending {@code .gz}) are decompressed. */
    public byte[] read(String repo, String commit, String path) {
        Path dir = gitDir(repo);
        Result check = git(dir, "cat-file", "-e", commit + "^{commit}");
        if (check.exit != 0) {
            throw new IllegalStateException("commit " + commit + " of repository " + repo + " is not in " + dir
                    + ": fetch github:" + repo + " again (it must contain " + commit + ")");
        }
        Result r = git(dir, "show", commit + ":" + path);
        if (r.exit != 0) {
            throw new IllegalStateException("cannot read " + path + " of repository " + repo + " at commit " + commit + " (" + dir + "): "
                    + new String(r.stderr, StandardCharsets.UTF_8).strip());
        }
        byte[] bytes = r.stdout;
        String head = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII);
        if (head.startsWith("version https://git-lfs")) {
            throw new IllegalStateException(path + " of repository " + repo + " at commit " + commit + " is a Git LFS pointer, not data");
        }
        if (path.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot decompress " + path + " of " + repo + " at " + commit, e);
            }
        }
        return bytes;
    }

    /** {@link #read} as UTF-8 text, without a leading byte-order mark. */
    public String text(String repo, String commit, String path) {
        String s = new String(read(repo, commit, path), StandardCharsets.UTF_8);
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private record Result(int exit, byte[] stdout, byte[] stderr) {}

    private static Result git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "--git-dir=" + dir));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            byte[] out = readAll(p.getInputStream());
            int exit = p.waitFor();
            return new Result(exit, out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git (is it installed?): " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", cmd), e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
