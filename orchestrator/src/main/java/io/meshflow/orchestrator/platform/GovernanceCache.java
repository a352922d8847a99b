package io.meshflow.orchestrator.platform;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.governance.GovernancePolicies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The governance of each mesh folder, read and compiled once and read again only when a file of its
 * folder changed: every run's plan check asks for it, and compiling the CEL rules each time would
 * be work on every run.
 */
final class GovernanceCache implements Function<Path, GovernancePolicies> {
  private record Entry(String stamp, GovernancePolicies policies) {}

  private final Path configured;
  private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

  /**
   * @param configured the platform's governance folder, for meshes without their own
   */
  GovernanceCache(Path configured) {
    this.configured = configured;
  }

  @Override
  public GovernancePolicies apply(Path mesh) {
    Path folder = GovernanceLoader.folderFor(mesh, configured).toAbsolutePath().normalize();
    String stamp = stamp(folder);
    Entry known = entries.get(folder);
    if (known != null && known.stamp().equals(stamp)) return known.policies();
    GovernancePolicies loaded = new GovernanceLoader().load(folder);
    entries.put(folder, new Entry(stamp, loaded));
    return loaded;
  }

  /** The folder's files with their sizes and modification times: what a change alters. */
  private static String stamp(Path folder) {
    if (!Files.isDirectory(folder)) return "";
    try (Stream<Path> files = Files.list(folder)) {
      StringBuilder out = new StringBuilder();
      for (Path f : files.sorted().toList()) {
        out.append(f.getFileName())
            .append(':')
            .append(Files.size(f))
            .append(':')
            .append(Files.getLastModifiedTime(f).toMillis())
            .append(';');
      }
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
