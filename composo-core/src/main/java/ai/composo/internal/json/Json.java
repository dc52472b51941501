package ai.composo.internal.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The one Jackson set-up shared by the SDK, server, judges and CLI. Not API: public only so that
 * other modules of this project reuse it.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** A reader per type, so that a call skips the mapper's root-deserializer lookup. */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise " + value.getClass().getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes JSON with a generator into text, building no tree in between (the per-request body path). Not an
     * overload of {@link #write(Object)}: a generic node expression such as {@code Json.object().set(...)} would
     * bind to the functional interface and fail at run time.
     */
    public static String writeWith(GeneratorWriter writer) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator g = MAPPER.createGenerator(text)) {
            writer.writeTo(g);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** Writes one JSON value to a generator whose codec is this set-up's mapper. */
    @FunctionalInterface
    public interface GeneratorWriter {
        void writeTo(JsonGenerator g) throws IOException;
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Parses JSON text; throws {@link IllegalArgumentException} naming the problem on malformed input. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(String text, Class<T> type) {
        try {
            return READERS.get(type).readValue(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot read " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
