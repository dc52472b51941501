package ai.composo.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys: created keys live in the database as salted SHA-256 hashes (the key itself is shown once, at
 * creation); keys from configuration and the dev key live in memory, also only as hashes. Keys have the
 * form {@code cp-<12 hex id>-<secret>}, so a lookup finds the row by id and compares hashes in constant time.
 */
public final class ApiKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final long CACHE_MILLIS = 1000;

    /** A key's public record: never the key or its hash. */
    public record KeyInfo(String id, String name, Instant createdAt, Instant revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    /** A freshly created key: {@code key} is shown once and never stored. */
    public record CreatedKey(String id, String name, String key) {}

    private record MemoryKey(String id, byte[] salt, byte[] hash) {}

    private record Verified(String keyId, long checkedAt) {}

    private final Database db;
    private final List<MemoryKey> memoryKeys = new ArrayList<>();
    private final ConcurrentHashMap<String, Verified> recent = new ConcurrentHashMap<>();

    public ApiKeys(Database db) {
        this.db = db;
    }

    /** Accepts {@code key} (from configuration or dev mode) without storing it in the database. */
    public synchronized void addMemoryKey(String id, String key) {
        byte[] salt = salt();
        memoryKeys.add(new MemoryKey(id, salt, hash(salt, key)));
    }

    public static String generateKey(String id) {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return "cp-" + id + "-" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HEX.formatHex(b);
    }

    public CreatedKey create(String name) {
        String id = newId();
        String key = generateKey(id);
        byte[] salt = salt();
        String n = name == null || name.isBlank() ? "key-" + id : name.strip();
        db.update("INSERT INTO api_keys (id, name, salt, hash, created_at) VALUES (?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, id);
            ps.setString(2, n);
            ps.setString(3, HEX.formatHex(salt));
            ps.setString(4, HEX.formatHex(hash(salt, key)));
            ps.setLong(5, System.currentTimeMillis());
        });
        return new CreatedKey(id, n, key);
    }

    public List<KeyInfo> list() {
        return db.query("SELECT id, name, created_at, revoked_at FROM api_keys ORDER BY created_at, id", ps -> {}, rs -> {
            long revoked = rs.getLong(4);
            boolean none = rs.wasNull();
            return new KeyInfo(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                    none ? null : Instant.ofEpochMilli(revoked));
        });
    }

    /** Revokes the key with this id (or whose full key is given); false when there is no such active key. */
    public boolean revoke(String idOrKey) {
        String id = idFromKey(idOrKey).orElse(idOrKey.strip());
        int n = db.update("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", ps -> {
            ps.setLong(1, System.currentTimeMillis());
            ps.setString(2, id);
        });
        recent.clear();
        return n == 1;
    }

    public boolean hasActiveKeys() {
        return !memoryKeys.isEmpty() || !db.query("SELECT id FROM api_keys WHERE revoked_at IS NULL LIMIT 1", ps -> {},
                rs -> rs.getString(1)).isEmpty();
    }

    /**
     * The id of the key, when it is accepted. A successful check is remembered for one second (by the key's
     * hash, never the key), so a revocation takes effect within a second on every node.
     */
    public Optional<String> authenticate(String key) {
        if (key == null || key.isBlank() || key.length() > 512) {
            return Optional.empty();
        }
        String fingerprint = HEX.formatHex(hash(new byte[0], key));
        long now = System.currentTimeMillis();
        Verified v = recent.get(fingerprint);
        if (v != null && now - v.checkedAt() < CACHE_MILLIS) {
            return Optional.of(v.keyId());
        }
        Optional<String> id = check(key);
        if (id.isPresent()) {
            if (recent.size() > 10_000) {
                recent.clear();
            }
            recent.put(fingerprint, new Verified(id.get(), now));
        } else {
            recent.remove(fingerprint);
        }
        return id;
    }

    private Optional<String> check(String key) {
        List<MemoryKey> mem;
        synchronized (this) {
            mem = List.copyOf(memoryKeys);
        }
        String found = null;
        for (MemoryKey m : mem) {
            // compare every key (no early exit), in constant time per key
            if (MessageDigest.isEqual(m.hash(), hash(m.salt(), key)) && found == null) {
                found = m.id();
            }
        }
        if (found != null) {
            return Optional.of(found);
        }
        Optional<String> id = idFromKey(key);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        List<String[]> rows = db.query("SELECT salt, hash FROM api_keys WHERE id = ? AND revoked_at IS NULL",
                ps -> ps.setString(1, id.get()), rs -> new String[] {rs.getString(1), rs.getString(2)});
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        byte[] salt = HEX.parseHex(rows.get(0)[0]);
        byte[] expected = HEX.parseHex(rows.get(0)[1]);
        return MessageDigest.isEqual(expected, hash(salt, key)) ? id : Optional.empty();
    }

    static Optional<String> idFromKey(String key) {
        String k = key.strip();
        if (k.length() > 16 && k.startsWith("cp-") && k.charAt(15) == '-') {
            String id = k.substring(3, 15);
            if (id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    private static byte[] salt() {
        byte[] s = new byte[16];
        RANDOM.nextBytes(s);
        return s;
    }

    static byte[] hash(byte[] salt, String key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            md.update(key.getBytes(StandardCharsets.UTF_8));
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
