package dev.parley.server;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import com.sun.management.UnixOperatingSystemMXBean;

/** The process's open and maximum file descriptors, where the JVM can tell (Unix); -1 elsewhere. */
final class FileDescriptors {
    private FileDescriptors() {
    }

    /** Descriptors the process has open now, or -1. */
    static long open() {
        return bean() instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    }

    /** The process's descriptor limit (the soft limit, {@code ulimit -n}), or -1. */
    static long max() {
        return bean() instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    private static OperatingSystemMXBean bean() {
        return ManagementFactory.getOperatingSystemMXBean();
    }
}
