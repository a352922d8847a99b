package io.meshflow.orchestrator.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker is a real one, and what it was given survives its restart. */
class EmbeddedKafkaTest {
  @TempDir Path dir;

  @Test
  void recordsProducedBeforeARestartAreReadAfterIt() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("raw.events", 2, (short) 1))).all().get();
      }
      Properties p = new Properties();
      p.put("bootstrap.servers", kafka.bootstrapServers());
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>("raw.events", i % 2, "k" + i, "{\"n\":" + i + "}"));
        }
        producer.flush();
      }
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
      assertThat(read(kafka.bootstrapServers()))
          .containsExactly(
              "0:0:{\"n\":0}",
              "0:1:{\"n\":2}",
              "0:2:{\"n\":4}",
              "0:3:{\"n\":6}",
              "0:4:{\"n\":8}",
              "1:0:{\"n\":1}",
              "1:1:{\"n\":3}",
              "1:2:{\"n\":5}",
              "1:3:{\"n\":7}",
              "1:4:{\"n\":9}");
    }
  }

  private static List<String> read(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> parts =
          List.of(new TopicPartition("raw.events", 0), new TopicPartition("raw.events", 1));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (seen.size() < 10 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          seen.add(r.partition() + ":" + r.offset() + ":" + r.value());
        }
      }
    }
    seen.sort(null);
    return seen;
  }
}
