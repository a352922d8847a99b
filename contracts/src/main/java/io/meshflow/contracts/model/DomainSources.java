package io.meshflow.contracts.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The sources one domain declares, read from its {@code sources.yaml}.
 *
 * @param file the declaration file (which need not exist: then {@code sources} is empty)
 * @param display how problems and messages name that file
 */
public record DomainSources(Path file, String display, Map<String, DeclaredSource> sources) {
  /** The file name a domain declares its sources in, in its own folder. */
  public static final String FILE_NAME = "sources.yaml";

  public DomainSources {
    sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
  }

  /** The table {@code table} of source {@code source}, if declared. */
  public Optional<SourceSpec> table(String source, String table) {
    DeclaredSource s = sources.get(source);
    return s == null ? Optional.empty() : Optional.ofNullable(s.tables().get(table));
  }
}
