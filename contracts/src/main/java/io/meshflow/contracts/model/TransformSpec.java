package io.meshflow.contracts.model;

import java.nio.file.Path;

/**
 * The SQL model that builds a product.
 *
 * @param sqlFile the model file, resolved against the contract's folder
 * @param sql the model's text, with {@code {{ source() }}} and {@code {{ ref('d.p') }}}
 *     placeholders still in it
 */
public record TransformSpec(Path sqlFile, String sql) {}
