package io.meshflow.contracts.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The folders a mesh may read files from: its own folder, and the data roots the platform's
 * configuration allows. A path counts as inside only when it is inside one of them both as written
 * (no {@code ..} that climbs out) and once symbolic links are followed (no link that points out).
 */
public record SourceRoots(List<Path> dataRoots) {
  public SourceRoots {
    dataRoots = dataRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  /** Only the mesh's own folder. */
  public static SourceRoots meshOnly() {
    return new SourceRoots(List.of());
  }

  /**
   * Why {@code file} may not be read by a mesh in {@code meshRoot}, or empty when it may. The
   * reason names the path as written and never anything read from the file.
   */
  public Optional<String> refusal(Path meshRoot, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    List<Path> roots = new ArrayList<>();
    roots.add(meshRoot.toAbsolutePath().normalize());
    roots.addAll(dataRoots);
    Path lexical = roots.stream().filter(abs::startsWith).findFirst().orElse(null);
    if (lexical == null) {
      return Optional.of(
          "is outside the mesh folder"
              + (dataRoots.isEmpty() ? "" : " and the allowed data roots")
              + "; sources are read only from inside it");
    }
    if (!Files.exists(abs)) return Optional.empty();
    try {
      Path real = abs.toRealPath();
      for (Path root : roots) {
        if (Files.exists(root) && real.startsWith(root.toRealPath())) return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.of("cannot be resolved: " + e.getClass().getSimpleName());
    }
    return Optional.of(
        "is a link to a file outside the mesh folder; sources are read only from inside it");
  }
}
