package io.meshflow.orchestrator.stack;

import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.meshflow.workflows.MeshflowSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.Closeable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A connection to a Temporal frontend: Temporal's Java test server in this process (real time, no
 * time skipping), the same server bound to a local port for other processes to join, or an external
 * cluster. Registers Meshflow's search attributes on connect.
 */
public final class TemporalConnection implements AutoCloseable {
  private final WorkflowServiceStubs service;
  private final OperatorServiceStubs operator;
  private final WorkflowClient client;
  private final Closeable server;
  private final boolean remote;

  private TemporalConnection(
      WorkflowServiceStubs service,
      OperatorServiceStubs operator,
      String namespace,
      Closeable server,
      boolean remote) {
    this.service = service;
    this.operator = operator;
    this.server = server;
    this.remote = remote;
    this.client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    registerSearchAttributes(namespace);
  }

  /** The test server inside this JVM, reached through an in-process channel. */
  public static TemporalConnection inProcess() {
    TestServer.InProcessTestServer server = TestServer.createServer(true);
    ManagedChannel channel = server.getChannel();
    return new TemporalConnection(
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setChannel(channel).build()),
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(channel)
                .validateAndBuildWithDefaults()),
        "default",
        server,
        false);
  }

  /**
   * The test server inside this JVM, listening on {@code port} of the loopback interface only, for
   * workers in other processes of this machine.
   */
  public static TemporalConnection portBound(int port) {
    return portBound(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  /** The test server inside this JVM, listening on {@code address} for workers elsewhere. */
  public static TemporalConnection portBound(InetSocketAddress address) {
    // TestServer.createPortBoundServer listens on every interface; this is the same, bound
    TestServicesStarter services = new TestServicesStarter(true, 0);
    Server grpc;
    try {
      ServerBuilder<?> builder =
          NettyServerBuilder.forAddress(address, InsecureServerCredentials.create());
      GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
      grpc = builder.build().start();
    } catch (java.io.IOException e) {
      services.close();
      throw new StackException("cannot listen for Temporal on " + address + ": " + e.getMessage());
    }
    Closeable server =
        () -> {
          grpc.shutdownNow();
          services.close();
        };
    String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
    return overTcp(host + ":" + address.getPort(), "default", server, false);
  }

  /** An existing frontend at {@code host:port}. */
  public static TemporalConnection connect(String target, String namespace) {
    return overTcp(target, namespace, null, true);
  }

  private static TemporalConnection overTcp(
      String target, String namespace, Closeable server, boolean remote) {
    return new TemporalConnection(
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build()),
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(target)
                .validateAndBuildWithDefaults()),
        namespace,
        server,
        remote);
  }

  public WorkflowClient client() {
    return client;
  }

  /** Whether workers here talk to a server in another process. */
  public boolean remote() {
    return remote;
  }

  /**
   * Adds the search attributes the namespace lacks. The test server cannot list them (it only
   * adds), so there every attribute is added and "already exists" is taken as done.
   */
  private void registerSearchAttributes(String namespace) {
    Map<String, IndexedValueType> existing;
    try {
      existing =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
              .getCustomAttributesMap();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) throw e;
      existing = Map.of();
    }
    AddSearchAttributesRequest.Builder add =
        AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
    for (SearchAttributeKey<String> key : MeshflowSearchAttributes.ALL) {
      if (!existing.containsKey(key.getName())) {
        add.putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
    }
    if (add.getSearchAttributesCount() == 0) return;
    try {
      operator.blockingStub().addSearchAttributes(add.build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) throw e;
    }
  }

  @Override
  public void close() {
    service.shutdown();
    operator.shutdown();
    if (server != null) {
      try {
        server.close();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
