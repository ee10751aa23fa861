package io.costflow.model.focus;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the FOCUS {@code Tags} column, a JSON object of tag keys to values, into the contract's
 * string map. Keys and values are trimmed (exports contain keys like {@code " service"}); a key
 * that is blank after trimming is dropped; a {@code null} value becomes the empty string (a tag
 * without a value, as GCP labels and Azure tags allow); a number, boolean, object or array value is
 * kept as its JSON text.
 *
 * <p>Hand-written rather than a JSON library because cost-model deliberately depends on nothing but
 * the schemas, and this column is one flat object: a small strict reader of JSON strings with every
 * escape is all it needs. It also accepts the braces-less form {@code "a": "1", "b": "2"} that
 * Azure's cost exports have written.
 */
final class FocusTags {

    private static final Pattern NUMBER =
            Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final String text;
    private int pos;

    private FocusTags(String text) {
        this.text = text;
    }

    /**
     * The tags in {@code json}, in their order in the text; a key repeated after trimming keeps its
     * last value, as JSON readers do.
     *
     * @throws IllegalArgumentException naming the position and what was expected, if {@code json}
     *     is not a JSON object
     */
    static Map<String, String> parse(String json) {
        String trimmed = json.strip();
        if (trimmed.startsWith("\"")) {
            trimmed = "{" + trimmed + "}";
        }
        return new FocusTags(trimmed).object();
    }

    private Map<String, String> object() {
        Map<String, String> tags = new LinkedHashMap<>();
        skipSpace();
        expect('{');
        skipSpace();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                skipSpace();
                String key = string().strip();
                skipSpace();
                expect(':');
                skipSpace();
                String value = value().strip();
                if (!key.isEmpty()) {
                    tags.put(key, value);
                }
                skipSpace();
                char c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw error(pos - 1, "expected ',' or '}'");
                }
            }
        }
        skipSpace();
        if (pos != text.length()) {
            throw error(pos, "unexpected text after the object");
        }
        return tags;
    }

    private String value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '{' || c == '[') {
            return composite();
        }
        int start = pos;
        while (pos < text.length() && ",}] \t\r\n".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String literal = text.substring(start, pos);
        if (literal.equals("null")) {
            return "";
        }
        if (literal.equals("true")
                || literal.equals("false")
                || NUMBER.matcher(literal).matches()) {
            return literal;
        }
        throw error(start, "expected a JSON value");
    }

    /** Skips a nested object or array and returns its text unchanged. */
    private String composite() {
        int start = pos;
        Deque<Character> closers = new ArrayDeque<>();
        do {
            char c = peek();
            if (c == '"') {
                string();
                continue;
            }
            pos++;
            if (c == '{') {
                closers.push('}');
            } else if (c == '[') {
                closers.push(']');
            } else if (c == '}' || c == ']') {
                if (closers.pop() != c) {
                    throw error(pos - 1, "mismatched '" + c + "'");
                }
            }
        } while (!closers.isEmpty());
        return text.substring(start, pos);
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> throw error(pos - 1, "invalid escape '\\" + escaped + "'");
            }
        }
    }

    private char unicodeEscape() {
        if (pos + 4 > text.length()) {
            throw error(pos, "incomplete \\u escape");
        }
        String hex = text.substring(pos, pos + 4);
        for (int i = 0; i < 4; i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw error(pos, "invalid \\u escape '" + hex + "'");
            }
        }
        pos += 4;
        // Surrogate pairs arrive as two escapes and join up in the StringBuilder.
        return (char) Integer.parseInt(hex, 16);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error(pos, "unexpected end");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char expected) {
        if (peek() != expected) {
            throw error(pos, "expected '" + expected + "'");
        }
        pos++;
    }

    private static IllegalArgumentException error(int position, String what) {
        return new IllegalArgumentException("at character " + (position + 1) + ": " + what);
    }
}
