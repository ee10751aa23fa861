package io.costflow.model.focus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FocusTagsTest {

    @Test
    void shouldTrimKeysAndValuesWhenTheExportPadsThem() {
        assertThat(FocusTags.parse("{ \" service \" : \" checkout\" ,\"env \":\"prod \" }"))
                .containsExactly(Map.entry("service", "checkout"), Map.entry("env", "prod"));
    }

    @Test
    void shouldDecodeEveryEscapeWhenValuesContainThem() {
        assertThat(
                        FocusTags.parse(
                                "{\"q\": \"say \\\"hi\\\"\", \"path\": \"a\\\\b\\/c\","
                                        + " \"ws\": \"x\\ty\\nz\\r\\b\\f\","
                                        + " \"u\": \"caf\\u00e9 \\uD83D\\uDE80\"}"))
                .containsExactly(
                        Map.entry("q", "say \"hi\""),
                        Map.entry("path", "a\\b/c"),
                        Map.entry("ws", "x\ty\nz\r\b\f".strip()),
                        Map.entry("u", "café 🚀"));
    }

    @Test
    void shouldKeepTheTextOfNonStringValuesAndEmptyForNull() {
        assertThat(
                        FocusTags.parse(
                                "{\"n\": 12.5e3, \"b\": true, \"none\": null,"
                                        + " \"o\": {\"k\": [1, \"}\"]}, \"a\": []}"))
                .containsExactly(
                        Map.entry("n", "12.5e3"),
                        Map.entry("b", "true"),
                        Map.entry("none", ""),
                        Map.entry("o", "{\"k\": [1, \"}\"]}"),
                        Map.entry("a", "[]"));
    }

    @Test
    void shouldDropKeysThatAreBlankAfterTrimming() {
        assertThat(FocusTags.parse("{\"  \": \"x\", \"team\": \"payments\"}"))
                .containsExactly(Map.entry("team", "payments"));
    }

    @Test
    void shouldKeepTheLastValueWhenKeysCollideAfterTrimming() {
        assertThat(FocusTags.parse("{\"service\": \"a\", \" service\": \"b\"}"))
                .containsExactly(Map.entry("service", "b"));
    }

    @Test
    void shouldReadAnEmptyObjectAsNoTags() {
        assertThat(FocusTags.parse(" { } ")).isEmpty();
    }

    @Test
    void shouldAcceptTheBracelessFormWhenAzureWritesIt() {
        assertThat(FocusTags.parse("\"costCenter\": \"123\",\"env\": \"prod\""))
                .containsExactly(Map.entry("costCenter", "123"), Map.entry("env", "prod"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "service=checkout | at character 1: expected '{'",
                "{\"service\": \"checkout\" | at character 23: unexpected end",
                "{\"service\": \"checkout} | at character 23: unexpected end",
                "{\"service\" \"checkout\"} | at character 12: expected ':'",
                "{\"service\": checkout} | at character 13: expected a JSON value",
                "{\"service\": \"checkout\",} | at character 24: expected '\"'",
                "{\"a\": \"1\" \"b\": \"2\"} | at character 11: expected ',' or '}'",
                "{\"a\": \"\\x\"} | at character 9: invalid escape '\\x'",
                "{\"a\": \"\\u12G4\"} | at character 10: invalid \\u escape '12G4'",
                "{\"a\": [1}]} | at character 9: mismatched '}'",
                "{\"a\": \"1\"} trailing | at character 12: unexpected text after the object",
                "{service: \"checkout\"} | at character 2: expected '\"'"
            })
    void shouldNameThePositionWhenTheTextIsNotAJsonObject(String text, String message) {
        assertThatThrownBy(() -> FocusTags.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
