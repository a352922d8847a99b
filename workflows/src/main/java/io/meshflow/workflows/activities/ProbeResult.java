package io.meshflow.workflows.activities;

/**
 * What an availability probe found.
 *
 * @param readable the product answered a read as its consumers read it
 * @param cause why not, in words; null when readable
 */
public record ProbeResult(boolean readable, String cause) {}
