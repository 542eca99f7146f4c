package dev.parley.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;

/**
 * A Java agent for a server JVM started by the tests: when its stdin reaches end of file (the test JVM closed the
 * pipe, or died, even by SIGKILL), it exits the server JVM (shutdown hooks run; halt if they take over 20 s).
 * {@code java -javaagent:watchdog.jar -jar payara-micro.jar ...}. Needs nothing but java.base and java.instrument.
 */
public final class Watchdog {
    private Watchdog() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        start();
    }

    /** Starts watching stdin (a daemon thread). */
    static void start() {
        Thread watch = new Thread(Watchdog::watch, "parley-it-watchdog");
        watch.setDaemon(true);
        watch.start();
    }

    static void watch() {
        try (InputStream in = System.in) {
            byte[] buffer = new byte[256];
            while (in.read(buffer) != -1) {
                // anything written is ignored; only end of file counts
            }
        } catch (IOException ignored) {
            // a broken pipe means the same
        }
        haltLater();
        System.exit(0);
    }

    /** Halts this JVM in 20 s if it has not exited by then (an app server's shutdown can hang). */
    static void haltLater() {
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException ignored) {
                return;
            }
            Runtime.getRuntime().halt(3);
        }, "parley-it-watchdog-halt");
        halt.setDaemon(true);
        halt.start();
    }
}
