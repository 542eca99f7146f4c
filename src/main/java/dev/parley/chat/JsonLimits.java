package dev.parley.chat;

/**
 * What a JSON text may look like before a JSON parser sees it: nested at most {@link #MAX_DEPTH} deep, no number
 * longer than {@link #MAX_NUMBER_CHARS} characters. One pass over the characters, no allocation.
 *
 * <p>The parser cannot be trusted with these itself. Parsson builds nested objects by recursion (a few thousand
 * levels overflow the stack) and, at its own limits, throws exception types that are neither {@code JsonException}
 * nor documented ({@code RuntimeException} "Input is too deeply nested", {@code UnsupportedOperationException} for a
 * number over 1,100 characters); the app servers ship other versions with other limits. Every {@code /chat} request
 * and publish body is a flat object of strings and small whole numbers, so these bounds leave ample room.
 */
final class JsonLimits {
    /** Deepest nesting of objects and arrays. */
    static final int MAX_DEPTH = 16;
    /** Longest number: a long is at most 20 characters, a double in full notation 24. */
    static final int MAX_NUMBER_CHARS = 32;

    /** Which bound a text breaks, with the {@code /metrics} kind and the message of its {@code bad_json} error. */
    enum Breach {
        DEPTH("json_depth", "JSON nested deeper than " + MAX_DEPTH + " levels"),
        NUMBER("json_number", "a JSON number longer than " + MAX_NUMBER_CHARS + " characters");

        final String kind;
        final String message;

        Breach(String kind, String message) {
            this.kind = kind;
            this.message = message;
        }
    }

    private JsonLimits() {
    }

    /**
     * The first bound {@code text} breaks, or null. Strings are skipped (RFC 8259 §7: a string ends at an unescaped
     * quotation mark); brackets and number characters are counted outside them only. Text that is not JSON may pass:
     * the parser refuses it afterwards.
     */
    static Breach check(CharSequence text) {
        int depth = 0;
        int numberRun = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            // RFC 8259 §6: number = [ minus ] int [ frac ] [ exp ], of the characters 0-9 - + . e E.
            if (c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                if (++numberRun > MAX_NUMBER_CHARS) {
                    return Breach.NUMBER;
                }
                continue;
            }
            numberRun = 0;
            if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    return Breach.DEPTH;
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return null;
    }
}
