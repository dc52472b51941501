package ai.composo.junit;

import java.util.ArrayList;
import java.util.List;

/** The test running on this thread, as the extension set it up: where its evaluations go and which are unchecked. */
final class CurrentTest {
    private static final ThreadLocal<CurrentTest> CURRENT = new ThreadLocal<>();

    private final ClassRun classRun;
    private final String id;
    private final List<Deferred> pending = new ArrayList<>();

    /** An assertion that is checked when the test method returns, unless the test checked it before. */
    interface Deferred {
        void verify();
    }

    private CurrentTest(ClassRun classRun, String id) {
        this.classRun = classRun;
        this.id = id;
    }

    static void begin(ClassRun classRun, String id) {
        CURRENT.set(new CurrentTest(classRun, id));
    }

    static CurrentTest end() {
        CurrentTest t = CURRENT.get();
        CURRENT.remove();
        return t;
    }

    static CurrentTest get() {
        CurrentTest t = CURRENT.get();
        if (t == null) {
            throw new IllegalStateException("Composo assertions need the Composo extension: annotate the test class with "
                    + "@ComposoTest (or @ExtendWith(ComposoExtension.class))");
        }
        return t;
    }

    ClassRun classRun() {
        return classRun;
    }

    String id() {
        return id;
    }

    synchronized void defer(Deferred d) {
        pending.add(d);
    }

    synchronized void done(Deferred d) {
        pending.remove(d);
    }

    synchronized List<Deferred> pending() {
        return new ArrayList<>(pending);
    }
}
