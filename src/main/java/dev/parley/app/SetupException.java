package dev.parley.app;

/**
 * The application cannot start as configured: a part a setting names cannot be made (a Socket.IO namespace class
 * that is missing, or fails). The message is one line for the operator, naming the setting, the part and why, with
 * the place in the part's code where it failed; each container reports it as that one line and does not start.
 */
public final class SetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
