package ai.composo.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose tests evaluate LLM output with Composo: {@link ComposoAssertions} work in it, and a
 * {@link ai.composo.Composo} or {@link ai.composo.AsyncComposo} parameter receives the run's client. See
 * {@link ComposoExtension} for where evaluations go and what a run writes.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(ComposoExtension.class)
public @interface ComposoTest {}
