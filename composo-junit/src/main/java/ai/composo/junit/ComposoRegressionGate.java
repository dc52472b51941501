package ai.composo.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * After the class's tests, compares its evaluations with a committed baseline results file, as
 * {@code composo compare BASELINE CANDIDATE --fail-on-regression} does (same statistics: rows matched by id, a paired
 * Wilcoxon signed-rank test on scores, exact McNemar on pass/fail verdicts), and fails the class when any criterion
 * regressed significantly. The class's results are written to {@code target/composo/classes/<class name>.jsonl}
 * with a manifest: copy both to the baseline's place to accept a run as the new baseline. A missing baseline fails
 * the class, saying so.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ComposoRegressionGate {
    /** The baseline results file: {@code classpath:…} or a path relative to the working directory. */
    String baseline();

    /** Significance level of the tests. */
    double alpha() default 0.05;
}
