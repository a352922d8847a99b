package io.meshflow.orchestrator.scaffold;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files written by a scaffold, to take back when the result is not valid, so that nothing stays:
 * each file as it was before (or gone), each folder made for them removed when empty.
 */
public final class FileWrites {
  public interface Write {
    void run() throws IOException;
  }

  private final Map<Path, byte[]> before = new LinkedHashMap<>();
  private final List<Path> createdFolders = new ArrayList<>();

  public void write(Path file, Write write) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = file.toAbsolutePath().getParent();
        p != null && !Files.exists(p);
        p = p.getParent()) {
      missing.add(p); // deepest first, the order to delete them in
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    createdFolders.addAll(0, missing);
    if (!before.containsKey(file)) {
      before.put(file, Files.exists(file) ? Files.readAllBytes(file) : null);
    }
    write.run();
  }

  public void run() {
    before.forEach(
        (file, content) -> {
          try {
            if (content == null) Files.deleteIfExists(file);
            else Files.write(file, content);
          } catch (IOException ignored) {
            // best effort: the error that made us undo is what the user sees
          }
        });
    for (Path folder : createdFolders) {
      try {
        Files.deleteIfExists(folder);
      } catch (IOException notEmpty) {
        // a folder that holds something else stays
      }
    }
  }
}
