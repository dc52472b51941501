package ai.composo.server.internal;

import ai.composo.judge.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verdicts of deterministic judges by a canonical key (see {@link CanonicalKey}); least recently used
 * entries are dropped past {@code maxEntries}. Only successful verdicts are stored.
 */
public final class ResultCache {
    private final boolean enabled;
    private final Map<String, Verdict> map;

    public ResultCache(boolean enabled, int maxEntries) {
        this.enabled = enabled;
        this.map = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verdict> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public boolean enabled() {
        return enabled;
    }

    public synchronized Verdict get(String key) {
        return enabled ? map.get(key) : null;
    }

    public synchronized void put(String key, Verdict verdict) {
        if (enabled) {
            map.put(key, verdict);
        }
    }

    public synchronized int size() {
        return map.size();
    }
}
