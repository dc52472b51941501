package ai.composo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README compiles as shown, against the built modules. A block is its imports
 * followed by statements (or a whole class); what it takes from the blocks before it is named in a visible first
 * comment, {@code // given: AsyncComposo client, List<Message> messages}, and becomes the parameters of the method
 * the statements are compiled in. Nothing else is added: no imports, no declarations.
 */
class ReadmeJavaSnippetsTest {
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```");
    private static final Pattern GIVEN = Pattern.compile("(?m)^// given: (.*)$");

    @TempDir
    Path out;

    @Test
    void everyJavaBlockOfTheReadmeCompiles() throws Exception {
        Path readme = Path.of("..", "README.md").toAbsolutePath().normalize();
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        List<JavaFileObject> units = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
            int line = (int) text.substring(0, m.start()).lines().count() + 2;
            units.add(unit(n, line, m.group(1)));
        }
        assertThat(n).as("java blocks in the README").isGreaterThanOrEqualTo(10);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"),
                    "-proc:none", "-Xlint:none", "--release", "17");
            boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
            List<String> problems = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    Snippet s = (Snippet) d.getSource();
                    problems.add("README.md line " + s.readmeLine(d.getLineNumber()) + " (java block " + s.number + "): "
                            + d.getMessage(Locale.ROOT));
                }
            }
            assertThat(problems).as(String.join("\n", problems)).isEmpty();
            assertThat(ok).isTrue();
        }
    }

    private static Snippet unit(int number, int firstLine, String block) {
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        String given = "";
        int bodyStart = -1;
        List<String> lines = block.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (bodyStart < 0 && (l.startsWith("import ") || l.isBlank())) {
                imports.add(l);
                continue;
            }
            Matcher g = GIVEN.matcher(l);
            if (bodyStart < 0 && g.matches()) {
                given = g.group(1).strip();
                imports.add("");
                continue;
            }
            if (bodyStart < 0) {
                bodyStart = i;
            }
            body.add(l);
        }
        boolean wholeClass = !body.isEmpty() && body.get(0).matches("^(public )?(final )?(class|record|interface) .*");
        StringBuilder src = new StringBuilder();
        imports.forEach(l -> src.append(l).append('\n'));
        int offset;
        if (wholeClass) {
            offset = imports.size();
            body.forEach(l -> src.append(l).append('\n'));
        } else {
            src.append("class ReadmeSnippet").append(number).append(" { void run(").append(given).append(") throws Exception {\n");
            offset = imports.size() + 1;
            body.forEach(l -> src.append(l).append('\n'));
            src.append("}}\n");
        }
        return new Snippet(number, firstLine, offset, wholeClass ? null : "ReadmeSnippet" + number, src.toString());
    }

    /** One block as a compilation unit, mapping its lines back to the README's. */
    private static final class Snippet extends SimpleJavaFileObject {
        final int number;
        final int firstLine;
        final int offset;
        final String source;

        Snippet(int number, int firstLine, int offset, String className, String source) {
            super(URI.create("string:///ReadmeSnippet" + number + (className == null ? "_" : "") + ".java"), Kind.SOURCE);
            this.number = number;
            this.firstLine = firstLine;
            this.offset = offset;
            this.source = source;
        }

        long readmeLine(long unitLine) {
            return firstLine - 1 + unitLine;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
        }
    }
}
