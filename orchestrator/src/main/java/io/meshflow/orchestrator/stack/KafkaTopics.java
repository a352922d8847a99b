package io.meshflow.orchestrator.stack;

import io.meshflow.contracts.model.KafkaTopic;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Topics on a Kafka cluster as a mesh's source declarations describe them: the embedded broker's
 * are created (and seeded with their sample events) when missing; {@code meshflow produce} appends
 * a file's events to any topic.
 */
public final class KafkaTopics {
  private static final long TIMEOUT_SECONDS = 30;

  private final String bootstrapServers;

  public KafkaTopics(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Creates each topic the cluster lacks, with its declared partitions, and fills a created one
   * from its {@code seed} file.
   *
   * @return what was done, one line each (nothing when every topic was there)
   */
  public List<String> ensure(Collection<KafkaTopic> topics) {
    List<String> done = new ArrayList<>();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing =
          new java.util.HashSet<>(
              admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      for (KafkaTopic topic : topics) {
        if (existing.contains(topic.topic())) continue;
        try {
          admin
              .createTopics(List.of(new NewTopic(topic.topic(), topic.partitions(), (short) 1)))
              .all()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof TopicExistsException) continue;
          throw e;
        }
        existing.add(topic.topic());
        if (topic.seed() == null) {
          done.add("kafka: created topic " + topic.topic());
        } else {
          long events = produce(topic.topic(), topic.seed());
          done.add(
              "kafka: created topic "
                  + topic.topic()
                  + ", seeded with "
                  + events
                  + " events from "
                  + display(topic.seed()));
        }
      }
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new StackException(
          "cannot create the topics of the mesh's Kafka sources at "
              + bootstrapServers
              + ": "
              + (e.getCause() == null ? e : e.getCause()).getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while creating Kafka topics");
    }
    return done;
  }

  /**
   * Appends the events of {@code file}, one JSON document per non-blank line, to {@code topic}, in
   * order, and waits until the cluster has them all.
   *
   * @return how many were appended
   */
  public long produce(String topic, Path file) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TIMEOUT_SECONDS * 1000));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT_SECONDS * 1000));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(2 * TIMEOUT_SECONDS * 1000));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    long sent = 0;
    try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) continue;
        acks.add(
            producer.send(
                new ProducerRecord<>(topic, null, line.strip().getBytes(StandardCharsets.UTF_8))));
        sent++;
      }
      producer.flush();
      for (var ack : acks) ack.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (NoSuchFileException e) {
      throw new StackException("no such file: " + file);
    } catch (IOException e) {
      throw new StackException("cannot read " + file + ": " + e.getMessage());
    } catch (ExecutionException | java.util.concurrent.TimeoutException | KafkaException e) {
      Throwable cause = e;
      while (cause.getCause() != null) cause = cause.getCause();
      throw new StackException(
          "cannot append to topic "
              + topic
              + " at "
              + bootstrapServers
              + ": "
              + cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while appending to topic " + topic);
    }
    return sent;
  }

  /** The file as the user would write it: relative to the working directory when inside it. */
  private static String display(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path here = Path.of("").toAbsolutePath();
    return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
  }
}
