package io.costflow.deploy;

import io.costflow.pipeline.PipelineOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository's deployment files and the facts of the code they must agree with. */
final class DeployFiles {

    /** Surefire runs in the module directory, one below the repository's root. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final Path FLINK_CONF_DIR = ROOT.resolve("flink-conf");
    static final Path CHART = ROOT.resolve("helm/costflow");
    static final Path API_APPLICATION_YML =
            ROOT.resolve("query-api/src/main/resources/application.yml");

    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    private DeployFiles() {}

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(options);
    }

    /** One YAML document as nested maps and lists. */
    static Map<String, Object> yamlMap(String text) {
        return map(yaml().load(text));
    }

    /** Every non-empty document of a multi-document YAML stream (helm template's output). */
    static List<Map<String, Object>> yamlDocuments(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml().loadAll(text)) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return (List<Object>) value;
    }

    /** The value at a dotted path of nested maps, or null. */
    static Object at(Map<String, Object> root, String path) {
        Object current = root;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(part);
        }
        return current;
    }

    /** Nested maps flattened to dotted keys, as Flink reads its standard YAML. */
    static Map<String, Object> flatten(Map<String, Object> nested) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", nested, flat);
        return flat;
    }

    private static void flatten(
            String prefix, Map<String, Object> nested, Map<String, Object> out) {
        nested.forEach(
                (key, value) -> {
                    String full = prefix.isEmpty() ? key : prefix + "." + key;
                    if (value instanceof Map<?, ?>) {
                        flatten(full, map(value), out);
                    } else {
                        out.put(full, value);
                    }
                });
    }

    /** The cluster configuration as Flink itself loads flink-conf/config.yaml. */
    static Configuration flinkConf() {
        return GlobalConfiguration.loadConfiguration(FLINK_CONF_DIR.toString());
    }

    /** Every key a {@link PipelineOptions} constant declares. */
    static Set<String> pipelineOptionKeys() {
        return Arrays.stream(PipelineOptions.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()))
                .filter(f -> f.getType() == ConfigOption.class)
                .map(DeployFiles::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String key(Field field) {
        try {
            return ((ConfigOption<?>) field.get(null)).key();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The environment variables the API's application.yml reads ({@code ${NAME:default}}). */
    static Set<String> apiEnvironmentVariables() {
        Matcher m = ENV_PLACEHOLDER.matcher(read(API_APPLICATION_YML));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The {@code --costflow.*} options in a command line, key to value. */
    static Map<String, String> jobArguments(List<String> tokens) {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).startsWith("--costflow.")) {
                args.put(tokens.get(i).substring(2), tokens.get(i + 1));
            }
        }
        return args;
    }
}
