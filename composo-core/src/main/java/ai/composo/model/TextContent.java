package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** Plain text content of a trace message. */
@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = com.fasterxml.jackson.databind.JsonDeserializer.None.class)
public record TextContent(@JsonValue String text) implements Content {
    public TextContent {
        Objects.requireNonNull(text, "text");
    }
}
