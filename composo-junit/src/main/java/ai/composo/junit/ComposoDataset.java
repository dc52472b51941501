package ai.composo.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The rows of a {@code composo eval} dataset (JSONL, JSON array or CSV, optionally gzipped; the format from the file
 * name) as the arguments of a {@code @ParameterizedTest}: one invocation per row, named by the row's id, with a
 * {@link DatasetRow} parameter. A row that cannot be read fails the test with its line and why.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ArgumentsSource(DatasetProvider.class)
public @interface ComposoDataset {
    /** {@code classpath:path/in/resources.jsonl}, or a file path (relative to the working directory, the module's folder under Maven). */
    String value();
}
