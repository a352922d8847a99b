package io.meshflow.contracts.model;

import java.nio.file.Path;

/**
 * A product's raw input.
 *
 * @param path the file, resolved against the contract's folder
 * @param delimiter the CSV field delimiter (default {@code ,})
 */
public record SourceSpec(SourceType type, Path path, char delimiter) {}
