package io.meshflow.orchestrator.catalog;

import java.time.Instant;

/** A product as the catalog knows it: its latest contract and what is published now. */
public record ProductRow(
    String productId,
    String domain,
    String name,
    String description,
    String owner,
    String latestVersion,
    String publishedVersion,
    String publishedRunId,
    Long publishedRows,
    Instant publishedAt) {}
