package ai.composo.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code shared between this project's modules that is not API: public only because Java has no
 * "visible to these modules" modifier on the class path. It may change or go in any release. Outside the modules
 * listed in {@code ArchitectureTest}, nothing may use it; that test fails the build when something does.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
public @interface Internal {}
