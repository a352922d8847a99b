package io.meshflow.orchestrator.cli;

import java.util.concurrent.CountDownLatch;

/**
 * How the long-running commands ({@code dev}, {@code serve}, {@code worker}) end: Ctrl-C or a
 * SIGTERM runs their clean-up, and {@link #await()} returns once it is done.
 */
final class UntilStopped {
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Registers {@code cleanUp} to run when the process is asked to stop. */
  UntilStopped(Runnable cleanUp) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    cleanUp.run();
                  } finally {
                    stopped.countDown();
                  }
                }));
  }

  /** Blocks until the clean-up has run. */
  void await() throws InterruptedException {
    stopped.await();
  }
}
