package dev.parley.app;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

import dev.parley.chat.SocketIoChat;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSetup;

/**
 * Your own Socket.IO namespaces, as the setting {@code socketio-namespaces} names them: each class loaded and made
 * once ({@link #load}, with the class loader that loaded Parley: the class path embedded, {@code WEB-INF/classes} and
 * {@code WEB-INF/lib} in the WAR), then set up on the application's Socket.IO server when it is built
 * ({@link #setUp}), before the chat joins it as {@code /chat}. Whatever fails is a {@link SetupException} naming the
 * setting and the class.
 */
final class SocketIoSetups {
    private static final Logger LOG = Logger.getLogger(SocketIoSetups.class.getName());
    /** How messages name the setting, in every container's spelling ({@code dev.parley.settings.Setting}). */
    static final String SETTING = "socketio-namespaces";

    private final List<SocketIoSetup> setups;
    private final List<String> names;

    private SocketIoSetups(List<SocketIoSetup> setups, List<String> names) {
        this.setups = setups;
        this.names = names;
    }

    /** Loads each class and makes one instance with its public constructor without parameters, in order. */
    static SocketIoSetups load(List<String> classNames) {
        List<SocketIoSetup> setups = new ArrayList<>();
        for (String name : classNames) {
            setups.add(make(name));
        }
        return new SocketIoSetups(List.copyOf(setups), List.copyOf(classNames));
    }

    private static SocketIoSetup make(String name) {
        Class<?> type;
        try {
            type = Class.forName(name, true, SocketIoSetups.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw failed(name + ": no such class on the class path", e);
        } catch (LinkageError e) { // a class it needs is missing, a newer class file, its static initializer threw
            throw failed(name + " cannot be loaded: " + describe(e, name), e);
        }
        if (!SocketIoSetup.class.isAssignableFrom(type)) {
            throw failed(name + " does not implement " + SocketIoSetup.class.getName(), null);
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw failed(name + " is not a public concrete class", null);
        }
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw failed(name + " has no public constructor without parameters", e);
        }
        try {
            return (SocketIoSetup) constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw failed(name + "'s constructor failed: " + describe(e.getCause(), name), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw failed(name + " cannot be made: " + describe(e, name), e);
        }
    }

    /**
     * Runs every setup on {@code server}, in order; {@code /chat} stays the chat's. Logs one line naming the classes
     * and the namespaces they declared (none: nothing to say).
     */
    void setUp(SocketIoServer server) {
        for (int i = 0; i < setups.size(); i++) {
            String name = names.get(i);
            try {
                setups.get(i).setUp(server);
            } catch (RuntimeException | LinkageError e) {
                throw failed(name + ".setUp failed: " + describe(e, name), e);
            }
            if (server.declares(SocketIoChat.NAMESPACE)) {
                throw failed(name + " declares " + SocketIoChat.NAMESPACE + ", which is the chat's namespace", null);
            }
        }
        if (!names.isEmpty()) {
            LOG.info(() -> "event=socketio-namespaces classes=" + String.join(",", names));
        }
    }

    private static SetupException failed(String why, Throwable cause) {
        return new SetupException(SETTING + ": " + why, cause);
    }

    /**
     * {@code e} in one line: its class and message, and where it was thrown from (the first frame in {@code name}'s
     * code if any, else the top one), so the operator knows where to look without a stack trace.
     */
    static String describe(Throwable e, String name) {
        StackTraceElement[] trace = e.getStackTrace();
        StackTraceElement where = Arrays.stream(trace)
                .filter(frame -> frame.getClassName().equals(name) || frame.getClassName().startsWith(name + "$"))
                .findFirst().orElse(trace.length == 0 ? null : trace[0]);
        return (e + (where == null ? "" : " (at " + where + ")")).replaceAll("\\s*\\R\\s*", " ");
    }
}
