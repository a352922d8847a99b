package io.meshflow.orchestrator.lineage;

import io.meshflow.contracts.parse.SafeYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where lineage events go, configured the OpenLineage way: the file named by {@code
 * OPENLINEAGE_CONFIG}, else {@code openlineage.yml} in the working folder or {@code
 * ~/.openlineage/}, with {@code transport: {type: console | file | http | composite, ...}}; or
 * simply {@code OPENLINEAGE_URL} (+ {@code OPENLINEAGE_ENDPOINT}, {@code OPENLINEAGE_API_KEY}) for
 * HTTP. The catalog always receives every event; these transports come on top.
 */
public final class LineageConfig {
  private LineageConfig() {}

  public static List<LineageTransport> transports(Map<String, String> env) {
    Path file = configFile(env);
    if (file != null) return fromYaml(file);
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

  public static List<LineageTransport> fromYaml(Path file) {
    Object doc;
    try {
      doc = SafeYaml.load(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (!(doc instanceof Map<?, ?> root)
        || !(root.get("transport") instanceof Map<?, ?> transport)) {
      throw new IllegalArgumentException(file + ": expected a 'transport' mapping");
    }
    List<LineageTransport> out = new ArrayList<>();
    add(file, transport, out);
    return out;
  }

  private static void add(Path file, Map<?, ?> t, List<LineageTransport> out) {
    String type = String.valueOf(t.get("type"));
    switch (type) {
      case "console" -> out.add(new LineageTransport.Console());
      case "file" -> out.add(new LineageTransport.File(Path.of(required(file, t, "location"))));
      case "http" -> {
        String url = required(file, t, "url");
        Object endpoint = t.get("endpoint");
        Object auth = t.get("auth");
        String key =
            auth instanceof Map<?, ?> a && a.get("apiKey") != null
                ? String.valueOf(a.get("apiKey"))
                : null;
        out.add(
            new LineageTransport.Http(
                URI.create(url.endsWith("/") ? url : url + "/"),
                endpoint == null
                    ? "api/v1/lineage"
                    : String.valueOf(endpoint).replaceFirst("^/", ""),
                key));
      }
      case "composite" -> {
        if (!(t.get("transports") instanceof List<?> list)) {
          throw new IllegalArgumentException(
              file + ": a composite transport needs a 'transports' list");
        }
        for (Object child : list) {
          if (!(child instanceof Map<?, ?> m))
            throw new IllegalArgumentException(file + ": each transport is a mapping");
          add(file, m, out);
        }
      }
      default ->
          throw new IllegalArgumentException(
              file
                  + ": unknown transport type '"
                  + type
                  + "' (expected console, file, http or composite)");
    }
  }

  private static String required(Path file, Map<?, ?> t, String key) {
    Object value = t.get(key);
    if (value == null)
      throw new IllegalArgumentException(
          file + ": a " + t.get("type") + " transport needs '" + key + "'");
    return String.valueOf(value);
  }
}
