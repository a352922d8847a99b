package io.meshflow.orchestrator.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Reads path properties as file paths, relative to the working folder. Spring's default goes
 * through resource loading, which refuses paths like {@code ../domains}.
 */
@Component
@ConfigurationPropertiesBinding
public class PathConverter implements Converter<String, Path> {
  @Override
  public Path convert(String source) {
    return Path.of(source);
  }
}
