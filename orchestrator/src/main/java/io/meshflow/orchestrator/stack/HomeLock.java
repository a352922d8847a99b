package io.meshflow.orchestrator.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The lock of a Meshflow home ({@code stack.lock}), held by the embedded stack that uses it. */
final class HomeLock {
  private HomeLock() {}

  /** One embedded stack per home: a second would fight over the PostgreSQL data directory. */
  static AutoCloseable take(Path home) {
    try {
      Files.createDirectories(home);
      FileChannel channel =
          FileChannel.open(
              home.resolve("stack.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new StackException(
            "another meshflow command is using "
                + home
                + "; wait for it to finish, or run `./meshflow dev` so that commands share one stack");
      }
      FileLock held = lock;
      return () -> {
        held.release();
        channel.close();
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
