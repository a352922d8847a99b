package io.meshflow.orchestrator.api;

import io.meshflow.orchestrator.access.ConsumerQuery;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.security.ApiSecurityConfig;
import io.meshflow.orchestrator.stack.MeshServices;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.core.env.MapPropertySource;

/**
 * The HTTP API of a running stack ({@code meshflow dev}, {@code meshflow serve}): a web context of
 * its own, started once the stack is up, whose controllers get the stack's services as beans. It is
 * a child of the command's context, whose configuration it reads.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackageClasses = {ApiServer.class, ApiSecurityConfig.class})
public class ApiServer {
  /**
   * Starts the API over {@code services}, running the contracts {@code publishing} runs.
   *
   * @param settings configuration that wins over the command's (e.g. {@code server.port=0})
   */
  public static ConfigurableApplicationContext start(
      ConfigurableApplicationContext parent,
      MeshServices services,
      PublishService publishing,
      Map<String, Object> settings) {
    return new SpringApplicationBuilder(ApiServer.class)
        .parent(parent)
        .web(WebApplicationType.SERVLET)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        .registerShutdownHook(false)
        .initializers(
            context -> {
              context
                  .getEnvironment()
                  .getPropertySources()
                  .addFirst(new MapPropertySource("meshflow-api", settings));
              var beans = context.getBeanFactory();
              beans.registerSingleton("runs", services.catalog().runs());
              beans.registerSingleton("products", services.catalog().products());
              beans.registerSingleton("schedules", services.catalog().schedules());
              beans.registerSingleton("search", services.catalog().search());
              beans.registerSingleton("catalogPages", services.catalogPages());
              beans.registerSingleton("lineage", services.lineage());
              beans.registerSingleton("lineageEvents", services.lineageEvents());
              beans.registerSingleton("publishing", publishing);
              beans.registerSingleton("backfills", services.backfills(publishing));
              beans.registerSingleton(
                  "access", services.access(publishing.mesh(), publishing.policies()));
              beans.registerSingleton(
                  "slaReport",
                  new io.meshflow.orchestrator.sla.SlaReport(
                      services.catalog().sla(), java.time.Clock.systemUTC()));
              beans.registerSingleton(
                  "consumerQuery",
                  new ConsumerQuery(services.warehouse().login().orElseThrow().url()));
            })
        .run();
  }

  /** The port the API listens on. */
  public static int port(ConfigurableApplicationContext api) {
    return ((WebServerApplicationContext) api).getWebServer().getPort();
  }
}
