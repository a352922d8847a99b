package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.KafkaTopic;
import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.KafkaTopics;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackException;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshflow produce}: appends events from a file to a Kafka topic the mesh reads, so that the
 * next publish takes them (and only them).
 */
@Component
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = {
      "Append events to a Kafka topic a product of the mesh reads: one JSON object per line of",
      "the file, in order. The topic is named as models name it (source.table) or by its own",
      "name; its cluster is the one the products read (the embedded broker by default).",
      "  meshflow produce raw_kafka.order_events --from more_events.jsonl --mesh examples/guide"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:appended",
      "1:the cluster could not take them",
      "2:the mesh, the topic or the file cannot be read"
    })
public class ProduceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin MeshOptions meshOptions = new MeshOptions();

  @Parameters(
      paramLabel = "TOPIC",
      description =
          "source.table as models write it (raw_kafka.order_events), or the topic's name.")
  String name;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "FILE",
      description = "A file of JSON objects, one per line.")
  Path file;

  private final MeshflowProperties properties;
  private final StackLauncher launcher;

  public ProduceCommand(MeshflowProperties properties, StackLauncher launcher) {
    this.properties = properties;
    this.launcher = launcher;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Mesh> mesh = meshOptions.load(properties, err);
    if (mesh.isEmpty()) return 2;
    Map<String, KafkaTopic> topics = topics(mesh.get());
    KafkaTopic topic = topics.get(name);
    if (topic == null) {
      topic = topics.values().stream().filter(t -> t.topic().equals(name)).findFirst().orElse(null);
    }
    if (topic == null) {
      err.println(
          "no product of the mesh reads a Kafka topic named '"
              + name
              + "'"
              + (topics.isEmpty()
                  ? " (the mesh has no Kafka sources)"
                  : "; topics read: " + String.join(", ", names(topics))));
      err.flush();
      return 2;
    }
    if (!Files.isRegularFile(file)) {
      err.println("no such file: " + file);
      err.flush();
      return 2;
    }
    try {
      long appended;
      String servers =
          topic.bootstrapServers() != null
              ? topic.bootstrapServers()
              : properties.kafka().external() ? properties.kafka().bootstrapServers() : null;
      if (servers != null) {
        appended = new KafkaTopics(servers).produce(topic.topic(), file);
      } else if (launcher.kafkaServers() == null) {
        err.println(
            "no Kafka cluster for topic "
                + topic.topic()
                + ": set MESHFLOW_KAFKA_BOOTSTRAP_SERVERS or connection.bootstrap_servers");
        err.flush();
        return 2;
      } else {
        // the embedded broker runs with a stack: a running dev's, or one started for this command
        try (MeshStack stack =
            launcher.forCommand(
                new StackLauncher.Needs(false, List.of(), List.of(topic), List.of()))) {
          stack.notices().forEach(out::println);
          servers = stack.services().kafkaServers();
          appended = new KafkaTopics(servers).produce(topic.topic(), file);
        }
      }
      out.printf("appended %d events to topic %s at %s%n", appended, topic.topic(), servers);
      out.flush();
      return 0;
    } catch (StackException e) {
      err.println(e.getMessage());
      err.flush();
      return 1;
    }
  }

  /** The mesh's topics by the {@code source.table} its models read them as. */
  private static Map<String, KafkaTopic> topics(Mesh mesh) {
    Map<String, KafkaTopic> topics = new LinkedHashMap<>();
    for (DataProductContract c : mesh.products()) {
      if (c.source() == null || c.source().kafka() == null) continue;
      for (ModelTemplate.SourceCall call : ModelTemplate.sources(c.transform().sql())) {
        topics.putIfAbsent(call.system() + "." + call.table(), c.source().kafka());
      }
      topics.putIfAbsent(c.source().kafka().topic(), c.source().kafka());
    }
    return topics;
  }

  private static List<String> names(Map<String, KafkaTopic> topics) {
    List<String> names = new ArrayList<>();
    topics.forEach((k, t) -> names.add(k.equals(t.topic()) ? k : k + " (" + t.topic() + ")"));
    return names;
  }
}
