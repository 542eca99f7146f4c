package dev.parley.wire;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * One element of a {@code Sec-WebSocket-Extensions} list (RFC 6455 §9.1): an extension token and its parameters in
 * the order they were sent. An offer in a request, or the accepted one in a response.
 */
public record ExtensionOffer(String name, List<Parameter> parameters) {
    /** One {@code name} or {@code name=value} parameter; a quoted value is held unquoted. */
    public record Parameter(String name, Optional<String> value) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        /** A parameter without a value, e.g. {@code server_no_context_takeover}. */
        public static Parameter flag(String name) {
            return new Parameter(name, Optional.empty());
        }

        /** A parameter with a value, e.g. {@code client_max_window_bits=10}. */
        public static Parameter of(String name, String value) {
            return new Parameter(name, Optional.of(value));
        }

        @Override
        public String toString() {
            return value.map(v -> name + "=" + v).orElse(name);
        }
    }

    public ExtensionOffer {
        Objects.requireNonNull(name, "name");
        parameters = List.copyOf(parameters);
    }

    /** An offer from a name and parameters. */
    public static ExtensionOffer of(String name, Parameter... parameters) {
        return new ExtensionOffer(name, List.of(parameters));
    }

    /** The element as a header value: {@code name; p1; p2=v}, values as tokens (they are tokens once unquoted). */
    public String toHeaderValue() {
        StringJoiner joined = new StringJoiner("; ");
        joined.add(name);
        parameters.forEach(parameter -> joined.add(parameter.toString()));
        return joined.toString();
    }

    @Override
    public String toString() {
        return toHeaderValue();
    }
}
