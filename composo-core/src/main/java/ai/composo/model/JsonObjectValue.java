package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A value that is a free-form JSON object on the wire, held as a private copy that is never handed out. */
abstract class JsonObjectValue {
    final ObjectNode json;

    JsonObjectValue(ObjectNode json) {
        this.json = json;
    }

    /** A copy of the raw JSON object. */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    @JsonValue
    ObjectNode jsonValue() {
        return json;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((JsonObjectValue) o).json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
