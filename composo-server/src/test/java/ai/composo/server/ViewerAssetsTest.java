package ai.composo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer's static files: served without a key (they hold no data), with a policy that allows only this origin's scripts. */
class ViewerAssetsTest {
    @TempDir
    static Path dir;

    static ComposoServer server;

    @BeforeAll
    static void start() {
        server = ComposoServer.start(TestSupport.config(dir).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pagesScriptsAndStylesAreServed() {
        for (String path : new String[] {"/ui", "/ui/", "/ui/index.html"}) {
            RawHttp.Reply r = RawHttp.request(server.port(), "GET", path, null);
            if (r.status() / 100 == 3) {
                r = RawHttp.request(server.port(), "GET", r.header("location").replaceFirst("^https?://[^/]+", ""), null);
            }
            assertThat(r.status()).as(path + ": " + r).isEqualTo(200);
            assertThat(r.header("content-type")).startsWith("text/html");
            assertThat(r.header("content-security-policy")).contains("default-src 'self'");
            assertThat(r.body()).contains("<title>Composo evaluations</title>");
        }
        RawHttp.Reply js = RawHttp.request(server.port(), "GET", "/ui/app.js", null);
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("content-type")).contains("javascript");
        assertThat(js.body()).contains("sessionStorage").doesNotContain("localStorage.setItem");
        assertThat(RawHttp.request(server.port(), "GET", "/ui/app.css", null).header("content-type")).startsWith("text/css");
        RawHttp.Reply missing = RawHttp.request(server.port(), "GET", "/ui/nope.js", null);
        RawHttp.assertClientError(missing, "GET /ui/nope.js");
        RawHttp.assertClientError(RawHttp.request(server.port(), "GET", "/ui/../composo.db", null), "GET /ui/../composo.db");
    }
}
