package ai.composo.junit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Resolves {@code classpath:…} or a file path to a file on disk (a resource inside a jar is copied to a temporary file). */
final class Locations {
    static final String CLASSPATH = "classpath:";

    private Locations() {}

    /** The file, or null when a classpath resource does not exist; a plain path is returned as is. */
    static Path resolve(String location, ClassLoader loader) {
        if (!location.startsWith(CLASSPATH)) {
            return Path.of(location);
        }
        String name = location.substring(CLASSPATH.length()).replaceFirst("^/+", "");
        URL url = loader.getResource(name);
        if (url == null) {
            return null;
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            String file = Path.of(name).getFileName().toString();
            Path tmp = Files.createTempFile("composo-", "-" + file);
            tmp.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }
}
