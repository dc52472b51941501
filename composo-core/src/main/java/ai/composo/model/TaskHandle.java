package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * What a background ({@code /background}) evaluation returns: the {@code task_id}. The status is
 * {@code pending} on our server and may be absent on the hosted platform.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskHandle(@JsonProperty("task_id") String taskId, @JsonProperty("status") String status) {
    @JsonCreator
    public TaskHandle {
        Objects.requireNonNull(taskId, "task_id");
    }
}
