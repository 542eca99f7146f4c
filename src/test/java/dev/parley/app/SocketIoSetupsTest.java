package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.engineio.ManualScheduler;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSetup;

/**
 * The classes of {@code socketio-namespaces}: made once, set up in order on the server; every way one can fail is
 * one line naming the setting and the class (and, for a failure in its code, where).
 */
class SocketIoSetupsTest {
    private static final String PREFIX = "socketio-namespaces: ";
    /** The setups run, in order, by name (the classes are made by reflection, so they report here). */
    static final List<String> RAN = new ArrayList<>();

    public static final class First implements SocketIoSetup {
        @Override
        public void setUp(SocketIoServer server) {
            RAN.add("first");
            server.namespace("/first");
        }
    }

    public static final class Second implements SocketIoSetup {
        @Override
        public void setUp(SocketIoServer server) {
            RAN.add("second");
            server.namespace("/second");
        }
    }

    public static final class Throws implements SocketIoSetup {
        @Override
        public void setUp(SocketIoServer server) {
            throw new IllegalStateException("no database\nat all");
        }
    }

    public static final class TakesChat implements SocketIoSetup {
        @Override
        public void setUp(SocketIoServer server) {
            server.namespace("/chat");
        }
    }

    public static final class ConstructorThrows implements SocketIoSetup {
        public ConstructorThrows() {
            throw new IllegalArgumentException("not configured");
        }

        @Override
        public void setUp(SocketIoServer server) {
        }
    }

    public static final class NeedsArgument implements SocketIoSetup {
        public NeedsArgument(String name) {
        }

        @Override
        public void setUp(SocketIoServer server) {
        }
    }

    public abstract static class Abstract implements SocketIoSetup {
    }

    static final class Hidden implements SocketIoSetup {
        @Override
        public void setUp(SocketIoServer server) {
        }
    }

    private static String name(Class<?> type) {
        return type.getName();
    }

    private static String refusal(Class<?> type) {
        return refusal(name(type));
    }

    private static String refusal(String className) {
        return assertThrows(SetupException.class, () -> SocketIoSetups.load(List.of(className))).getMessage();
    }

    private static SocketIoServer server() {
        return new SocketIoServer(new ManualScheduler());
    }

    @Test
    void theClassesAreSetUpOnceInTheOrderNamed() {
        RAN.clear();
        SocketIoSetups setups = SocketIoSetups.load(List.of(name(Second.class), name(First.class)));
        assertEquals(List.of(), RAN, "made, not yet set up");
        SocketIoServer server = server();
        setups.setUp(server);
        assertEquals(List.of("second", "first"), RAN);
        assertTrue(server.declares("/first") && server.declares("/second"));
        assertFalse(server.declares("/chat"));
    }

    @Test
    void noneDeclaresNothingButTheMainNamespace() {
        SocketIoServer server = server();
        SocketIoSetups.load(List.of()).setUp(server);
        assertTrue(server.declares("/"));
        assertFalse(server.declares("/first"));
    }

    @Test
    void aClassThatCannotBeMadeIsOneLineNamingIt() {
        assertEquals(PREFIX + "com.example.Missing: no such class on the class path", refusal("com.example.Missing"));
        assertEquals(PREFIX + "java.lang.String does not implement dev.parley.socketio.SocketIoSetup",
                refusal(String.class));
        assertEquals(PREFIX + name(Abstract.class) + " is not a public concrete class", refusal(Abstract.class));
        assertEquals(PREFIX + name(Hidden.class) + " is not a public concrete class", refusal(Hidden.class));
        assertEquals(PREFIX + name(NeedsArgument.class) + " has no public constructor without parameters",
                refusal(NeedsArgument.class));
        String constructor = refusal(ConstructorThrows.class);
        assertTrue(constructor.startsWith(PREFIX + name(ConstructorThrows.class) + "'s constructor failed: "
                + "java.lang.IllegalArgumentException: not configured (at " + name(ConstructorThrows.class)
                + ".<init>(SocketIoSetupsTest.java:"), constructor);
    }

    @Test
    void aSetUpThatThrowsIsOneLineWithWhereItThrew() {
        SocketIoSetups setups = SocketIoSetups.load(List.of(name(Throws.class)));
        String message = assertThrows(SetupException.class, () -> setups.setUp(server())).getMessage();
        assertTrue(message.startsWith(PREFIX + name(Throws.class) + ".setUp failed: "
                + "java.lang.IllegalStateException: no database at all (at " + name(Throws.class)
                + ".setUp(SocketIoSetupsTest.java:"), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void theChatsNamespaceIsNotAnyonesElse() {
        SocketIoSetups setups = SocketIoSetups.load(List.of(name(TakesChat.class)));
        assertEquals(PREFIX + name(TakesChat.class) + " declares /chat, which is the chat's namespace",
                assertThrows(SetupException.class, () -> setups.setUp(server())).getMessage());
    }
}
