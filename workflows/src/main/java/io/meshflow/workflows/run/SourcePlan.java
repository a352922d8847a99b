package io.meshflow.workflows.run;

import io.meshflow.contracts.model.SourceType;

/**
 * Where the extract step reads from.
 *
 * @param path absolute path of the source file on the domain worker's machine
 */
public record SourcePlan(SourceType type, String path, char delimiter) {}
