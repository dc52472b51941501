package ai.composo.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command of the image run in its unpacked root filesystem. As root (and with util-linux's {@code unshare} and
 * coreutils' {@code chroot}), the way a container runtime would: its own mount namespace with {@code /proc} and
 * {@code /dev}, {@code chroot} into the image and the image's user (1000:1000), so only the image's files (its JRE,
 * its shared libraries, its passwd) are used. Otherwise, on the machine itself with the image's JRE and classpath
 * (paths under the root), which proves less, and says so.
 */
record Container(Process process, Path logFile, boolean isolated) {
    static Container start(Path root, List<String> env, List<String> command, Path logDir) throws IOException {
        boolean root0 = "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare"))
                && Files.isExecutable(Path.of("/usr/sbin/chroot"));
        List<String> cmd = new ArrayList<>();
        if (root0) {
            Files.createDirectories(root.resolve("proc"));
            Files.createDirectories(root.resolve("dev"));
            // exec all the way down: the process the test holds is the JVM itself, so SIGTERM reaches it
            StringBuilder script = new StringBuilder("mount -t proc proc \"$0/proc\" && mount --rbind /dev \"$0/dev\" && exec chroot --userspec=1000:1000 \"$0\"");
            cmd.addAll(List.of("unshare", "--mount", "sh", "-c"));
            for (int i = 0; i < command.size(); i++) {
                script.append(" \"$").append(i + 1).append('"');
            }
            cmd.add(script.toString());
            cmd.add(root.toString());
            cmd.addAll(command);
        } else {
            System.err.println("Not root: the image's command runs outside a chroot, with the image's JRE from " + root);
            for (String a : command) {
                if (a.startsWith("@/")) {
                    String cp = Files.readString(root.resolve(a.substring(2))).strip();
                    StringBuilder rooted = new StringBuilder();
                    for (String entry : cp.split(":")) {
                        rooted.append(rooted.length() == 0 ? "" : ":").append(root).append(entry);
                    }
                    cmd.add(rooted.toString());
                } else {
                    cmd.add(a.startsWith("/") ? root + a : a);
                }
            }
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Path log = Files.createTempFile(logDir, "container-", ".log");
        pb.redirectOutput(log.toFile());
        pb.environment().clear();
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        if (root0) {
            pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"); // for unshare's sh, mount and chroot; the image has no PATH
        } else {
            pb.directory(root.resolve("data").toFile());
            if (env.stream().anyMatch(e -> e.startsWith("COMPOSO_DATABASE_URL=jdbc:sqlite:/"))) {
                pb.environment().computeIfPresent("COMPOSO_DATABASE_URL", (k, v) -> "jdbc:sqlite:" + root + v.substring("jdbc:sqlite:".length()));
            }
            pb.environment().computeIfPresent("COMPOSO_CONFIG_FILE", (k, v) -> root + v);
        }
        return new Container(pb.start(), log, root0);
    }

    String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
