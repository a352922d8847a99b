package io.meshflow.orchestrator.cli;

import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.lang.reflect.Constructor;
import java.util.Map;
import picocli.CommandLine;

/**
 * Makes the commands without a Spring context: each gets its constructor's arguments — the
 * configuration, a stack launcher over it — by type. What a command needs is what its constructor
 * asks for, so this and Spring's injection give it the same things.
 */
public final class CommandFactory implements CommandLine.IFactory {
  private final Map<Class<?>, Object> beans;

  public CommandFactory(MeshflowProperties properties) {
    this.beans =
        Map.of(
            MeshflowProperties.class,
            properties,
            StackLauncher.class,
            new StackLauncher(properties));
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    if (type.getConstructors().length != 1 || type.getConstructors()[0].getParameterCount() == 0) {
      return CommandLine.defaultFactory().create(type);
    }
    Constructor<?> constructor = type.getConstructors()[0];
    Object[] values = new Object[constructor.getParameterCount()];
    // a server command (dev, serve, worker) runs in the Spring application; here it is made
    // only to be listed, and what only Spring has (its context) stays null
    for (int i = 0; i < values.length; i++) {
      values[i] = beans.get(constructor.getParameterTypes()[i]);
    }
    return type.cast(constructor.newInstance(values));
  }
}
