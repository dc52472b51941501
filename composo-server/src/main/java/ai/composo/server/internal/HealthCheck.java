package ai.composo.server.internal;

import static ai.composo.server.internal.Exchange.json;

import ai.composo.internal.json.Json;
import ai.composo.judge.Judge;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.function.BooleanSupplier;

/** {@code GET /api/healthcheck}: the database, the default judge and whether the server still takes work. */
public final class HealthCheck {
    private final Database db;
    private final JudgeRegistry judges;
    private final BooleanSupplier accepting;

    public HealthCheck(Database db, JudgeRegistry judges, BooleanSupplier accepting) {
        this.db = db;
        this.judges = judges;
        this.accepting = accepting;
    }

    public void handle(Context ctx) {
        boolean dbOk = db.ping();
        JudgeRegistry.Named def = judges.defaultJudge();
        Judge.Health h;
        try {
            h = def.judge().health();
        } catch (RuntimeException e) {
            h = Judge.Health.notReady("health check failed: " + e.getMessage());
        }
        boolean accepts = accepting.getAsBoolean();
        boolean ok = dbOk && h.ready() && accepts;
        ObjectNode out = Json.object();
        out.put("status", ok ? "ok" : "unavailable");
        out.put("database", dbOk ? "ok" : "unreachable");
        ObjectNode j = out.putObject("default_judge");
        j.put("name", def.name());
        j.put("ready", h.ready());
        j.put("detail", h.detail());
        if (!accepts) {
            out.put("detail", "shutting down");
        }
        json(ctx, ok ? 200 : 503, out);
    }
}
