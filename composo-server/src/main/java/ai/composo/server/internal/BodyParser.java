package ai.composo.server.internal;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a request body: strict UTF-8 (a 400 naming the first bad byte and the field it is in), then exactly one JSON
 * value (a 422 {@code json_invalid} that says, in the client's terms, what is wrong and where, by line and column).
 * No message names the parser or any other library.
 */
public final class BodyParser {
    private static final ObjectReader READER = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern LIMIT = Pattern.compile("\\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");
    private static final Pattern NON_STANDARD = Pattern.compile("Non-standard token '([^']*)'");

    private BodyParser() {}

    public static JsonNode parse(byte[] body) {
        return parse(decodeUtf8(body));
    }

    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw invalid(0, "Expecting value: the body is empty");
        }
        try {
            return READER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long offset = at == null ? 0 : Math.max(0, at.getCharOffset());
            String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw invalid(offset, describe(e) + where);
        }
    }

    private static ApiException invalid(long offset, String error) {
        RequestValidator.Errors errors = new RequestValidator.Errors();
        errors.add("json_invalid", List.of("body", offset), "JSON decode error: " + error, Json.object())
                .putObject("ctx").put("error", error);
        return errors.exception();
    }

    /** What is wrong, in the terms of the JSON the client wrote. */
    static String describe(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            Matcher n = LIMIT.matcher(m);
            String got = n.find() ? n.group(1) : null;
            String max = got == null ? null : n.group(2);
            if (m.startsWith("Document nesting depth")) {
                return "the JSON nests arrays and objects too deeply" + (max == null ? "" : " (more than " + max + " levels)");
            }
            if (m.startsWith("Number value length")) {
                return "a number is too long" + (max == null ? "" : " (" + got + " characters; at most " + max + " are accepted)");
            }
            if (m.startsWith("String value length")) {
                return "a string is too long" + (max == null ? "" : " (" + got + " characters; at most " + max + " are accepted)");
            }
            if (m.startsWith("Name length")) {
                return "a field name is too long" + (max == null ? "" : " (at most " + max + " characters are accepted)");
            }
            return "the JSON is too large to read";
        }
        if (e instanceof MismatchedInputException && m.startsWith("Trailing token")) {
            return "unexpected data after the end of the JSON value: the body must hold exactly one JSON object";
        }
        Matcher ns = NON_STANDARD.matcher(m);
        if (ns.find()) {
            return "'" + ns.group(1) + "' is not a JSON value (NaN and Infinity are not valid JSON numbers)";
        }
        if (m.startsWith("Unexpected end-of-input")) {
            return "the JSON ends before it is complete (an unclosed object, array or string)";
        }
        String cleaned = m.replaceAll("\\s*\\(start marker at \\[Source.*?\\]\\)", "")
                .replaceAll("\\s*at \\[Source.*$", "")
                .replaceAll(";?\\s*(?:enable|consider|use)\\s+`[^`]*`.*$", "")
                .replaceAll("`[^`]*`", "")
                .replaceAll("\\s*\\(for [^)]*\\)", "")
                .replaceAll("\\(('.+?') \\(code \\d+\\)\\)", "$1")
                .replaceAll("\\(CTRL-CHAR, code (\\d+)\\)", "(control character $1)")
                .strip();
        if (cleaned.isEmpty() || cleaned.matches("(?s).*\\b[a-z]+\\.[a-z]+\\.[A-Za-z.]+.*") || cleaned.contains("Feature")) {
            return "the body is not valid JSON";
        }
        return Character.toLowerCase(cleaned.charAt(0)) + cleaned.substring(1);
    }

    /** Strict UTF-8: malformed, overlong and surrogate sequences are refused, not replaced. */
    static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            throw new ApiException(400, "The request body is not valid UTF-8: byte 0x"
                    + String.format(Locale.ROOT, "%02X", bytes[at] & 0xff) + " at offset " + at + where(bytes, at)
                    + " does not start a valid UTF-8 sequence; send the body encoded as UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** ", in messages[1].content" when the JSON around the bad byte can be read, else "". */
    private static String where(byte[] bytes, int badOffset) {
        byte[] clean = bytes.clone();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(clean);
        CharBuffer sink = CharBuffer.allocate(clean.length);
        for (CoderResult r = decoder.decode(in, sink, true); r.isError(); r = decoder.decode(in, sink, true)) {
            for (int i = 0; i < r.length(); i++) {
                clean[in.position() + i] = '?'; // same length, so byte offsets stay those of the original body
            }
        }
        try (JsonParser p = Json.mapper().getFactory().createParser(clean)) {
            while (p.nextToken() != null) {
                long start = p.currentTokenLocation().getByteOffset();
                p.getText(); // reads the whole token, so that the current location is its end
                long end = p.currentLocation().getByteOffset();
                if (start <= badOffset && badOffset < end) {
                    String path = path(p.getParsingContext());
                    boolean name = p.currentToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
                    return path.isEmpty() ? "" : name ? ", in the name of field " + path : ", in " + path;
                }
            }
        } catch (IOException | RuntimeException e) {
            // malformed JSON as well: the offset alone has to do
        }
        return "";
    }

    private static String path(JsonStreamContext ctx) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        String s = String.join("", parts);
        return s.startsWith(".") ? s.substring(1) : s;
    }
}
