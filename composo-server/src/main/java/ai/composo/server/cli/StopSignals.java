package ai.composo.server.cli;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a call, so that the process can drain and exit with status 0 instead of 143 or 130.
 * {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to handle a signal; shutdown hooks cannot
 * change the exit status.
 */
final class StopSignals {
    private StopSignals() {}

    /** False when this JVM does not let the signals be handled (e.g. started with {@code -Xrs}). */
    static boolean install(Runnable stop) {
        try {
            Signal.handle(new Signal("TERM"), s -> stop.run());
            Signal.handle(new Signal("INT"), s -> stop.run());
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }
}
