package io.meshflow.orchestrator.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshflow.contracts.parse.SafeYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where lineage events go, configured the way OpenLineage's clients are, first found wins: the file
 * named by {@code OPENLINEAGE_CONFIG}, else {@code openlineage.yml} in the working folder or {@code
 * ~/.openlineage/}, with {@code transport: {type: console | file | http | composite, ...}}; else
 * the same configuration as {@code OPENLINEAGE__} environment variables ({@code
 * OPENLINEAGE__TRANSPORT__TYPE=file}, {@code OPENLINEAGE__TRANSPORT__LOCATION=...}: sections
 * separated by {@code __}, names lower-cased and snake_case turned camelCase, values read as JSON
 * when they are JSON); else {@code OPENLINEAGE_URL} (+ {@code OPENLINEAGE_ENDPOINT}, {@code
 * OPENLINEAGE_API_KEY}) for HTTP. {@code OPENLINEAGE_DISABLED=true} turns them all off. The catalog
 * always receives every event; these transports come on top.
 */
public final class LineageConfig {
  static final String ENV_PREFIX = "OPENLINEAGE__";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LineageConfig() {}

  public static List<LineageTransport> transports(Map<String, String> env) {
    if ("true".equalsIgnoreCase(env.get("OPENLINEAGE_DISABLED"))) return List.of();
    Path file = configFile(env);
    if (file != null) return fromYaml(file);
    Map<String, Object> fromEnv = fromEnvironment(env);
    if (fromEnv.get("transport") != null) {
      return fromConfig(fromEnv, "the OPENLINEAGE__ environment variables");
    }
    String url = env.get("OPENLINEAGE_URL");
    if (url != null && !url.isBlank()) {
      return List.of(
          new LineageTransport.Http(
              URI.create(url.endsWith("/") ? url : url + "/"),
              env.getOrDefault("OPENLINEAGE_ENDPOINT", "api/v1/lineage"),
              env.get("OPENLINEAGE_API_KEY")));
    }
    return List.of();
  }

  private static Path configFile(Map<String, String> env) {
    if (env.get("OPENLINEAGE_CONFIG") != null) return Path.of(env.get("OPENLINEAGE_CONFIG"));
    for (Path candidate :
        List.of(
            Path.of("openlineage.yml"),
            Path.of(System.getProperty("user.home"), ".openlineage", "openlineage.yml"))) {
      if (Files.isRegularFile(candidate)) return candidate;
    }
    return null;
  }

  /**
   * The configuration the {@code OPENLINEAGE__} variables of {@code env} spell, as the OpenLineage
   * clients read them: {@code OPENLINEAGE__TRANSPORT__AUTH__API_KEY=k} is {@code transport: {auth:
   * {apiKey: k}}}.
   */
  static Map<String, Object> fromEnvironment(Map<String, String> env) {
    Map<String, Object> root = new LinkedHashMap<>();
    env.entrySet().stream()
        .filter(e -> e.getKey().startsWith(ENV_PREFIX) && e.getKey().length() > ENV_PREFIX.length())
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> put(root, e.getKey().substring(ENV_PREFIX.length()).split("__"), e.getValue()));
    return root;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> root, String[] path, String value) {
    Map<String, Object> at = root;
    for (int i = 0; i < path.length - 1; i++) {
      Object next = at.get(camelCase(path[i]));
      if (!(next instanceof Map<?, ?>)) {
        next = new LinkedHashMap<String, Object>();
        at.put(camelCase(path[i]), next);
      }
      at = (Map<String, Object>) next;
    }
    at.put(camelCase(path[path.length - 1]), jsonOrText(value));
  }

  private static String camelCase(String name) {
    String[] words = name.toLowerCase(Locale.ROOT).split("_");
    StringBuilder out = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      if (words[i].isEmpty()) continue;
      out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return out.toString();
  }

  private static Object jsonOrText(String value) {
    try {
      return JSON.readValue(value, Object.class);
    } catch (IOException notJson) {
      return value;
    }
  }

  public static List<LineageTransport> fromYaml(Path file) {
    Object doc;
    try {
      doc = SafeYaml.load(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return fromConfig(doc, file.toString());
  }

  private static List<LineageTransport> fromConfig(Object doc, String origin) {
    if (!(doc instanceof Map<?, ?> root)
        || !(root.get("transport") instanceof Map<?, ?> transport)) {
      throw new IllegalArgumentException(origin + ": expected a 'transport' mapping");
    }
    List<LineageTransport> out = new ArrayList<>();
    add(origin, transport, out);
    return out;
  }

  private static void add(String origin, Map<?, ?> t, List<LineageTransport> out) {
    String type = String.valueOf(t.get("type"));
    switch (type) {
      case "console" -> out.add(new LineageTransport.Console());
      case "file" -> out.add(new LineageTransport.File(Path.of(required(origin, t, "location"))));
      case "http" -> {
        String url = required(origin, t, "url");
        Object endpoint = t.get("endpoint");
        Object auth = t.get("auth");
        Object key = null;
        if (auth instanceof Map<?, ?> a) {
          // apiKey as the Java client spells it, api_key as the Python one does
          key = a.get("apiKey") != null ? a.get("apiKey") : a.get("api_key");
        }
        out.add(
            new LineageTransport.Http(
                URI.create(url.endsWith("/") ? url : url + "/"),
                endpoint == null
                    ? "api/v1/lineage"
                    : String.valueOf(endpoint).replaceFirst("^/", ""),
                key == null ? null : String.valueOf(key)));
      }
      case "composite" -> {
        // a list, or named transports (the only form environment variables can spell)
        Object transports = t.get("transports");
        Iterable<?> children =
            transports instanceof List<?> list
                ? list
                : transports instanceof Map<?, ?> named ? named.values() : null;
        if (children == null) {
          throw new IllegalArgumentException(
              origin + ": a composite transport needs 'transports', a list or named transports");
        }
        for (Object child : children) {
          if (!(child instanceof Map<?, ?> m))
            throw new IllegalArgumentException(origin + ": each transport is a mapping");
          add(origin, m, out);
        }
      }
      default ->
          throw new IllegalArgumentException(
              origin
                  + ": unknown transport type '"
                  + type
                  + "' (expected console, file, http or composite)");
    }
  }

  private static String required(String origin, Map<?, ?> t, String key) {
    Object value = t.get(key);
    if (value == null)
      throw new IllegalArgumentException(
          origin + ": a " + t.get("type") + " transport needs '" + key + "'");
    return String.valueOf(value);
  }
}
