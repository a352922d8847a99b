package io.meshflow.orchestrator.stack;

import java.util.concurrent.CountDownLatch;

/**
 * Temporal's Java test server in a process of its own, on a loopback port, until killed: what the
 * soak benchmark measures Meshflow against, so that the server's in-memory history of every run (it
 * never forgets one) stays out of Meshflow's own heap.
 */
public final class TemporalServerMain {
  private TemporalServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: TemporalServerMain <port>");
      System.exit(2);
    }
    TemporalConnection server = TemporalConnection.portBound(Integer.parseInt(args[0]));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("temporal test server listening on localhost:" + args[0]);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
