package io.meshflow.contracts.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The names a contract's {@code spec.schema.type} says its field types are written in: Meshflow's
 * own ({@code meshflow}, the default), or Avro's primitive and logical type names ({@code avro}),
 * each mapped to the column type it publishes as.
 */
public enum TypeVocabulary {
  MESHFLOW,
  AVRO;

  private static final Map<String, FieldType> AVRO_TYPES = avro();

  public String contractName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TypeVocabulary fromContractName(String name) {
    for (TypeVocabulary v : values()) {
      if (v.contractName().equals(name)) return v;
    }
    throw new IllegalArgumentException(
        "unknown type vocabulary '"
            + name
            + "' (expected "
            + Arrays.stream(values())
                .map(TypeVocabulary::contractName)
                .collect(Collectors.joining(" or "))
            + ")");
  }

  /** The column type {@code name} stands for in this vocabulary. */
  public FieldType type(String name) {
    if (this == MESHFLOW) return FieldType.fromContractName(name);
    FieldType type = AVRO_TYPES.get(name);
    if (type == null) {
      throw new IllegalArgumentException(
          "unknown "
              + contractName()
              + " type '"
              + name
              + "' (expected one of "
              + String.join(", ", AVRO_TYPES.keySet())
              + ")");
    }
    return type;
  }

  /**
   * Avro's primitive and logical types that a column can hold: {@code int} and {@code long} are 32-
   * and 64-bit integers, {@code float} widens to a double, the timestamp types (and the plain
   * {@code timestamp} data contracts often write) are instants. {@code bytes}, {@code fixed},
   * records, arrays, maps and unions have no column type.
   */
  private static Map<String, FieldType> avro() {
    Map<String, FieldType> types = new LinkedHashMap<>();
    types.put("string", FieldType.STRING);
    types.put("uuid", FieldType.STRING);
    types.put("boolean", FieldType.BOOLEAN);
    types.put("int", FieldType.INTEGER);
    types.put("long", FieldType.LONG);
    types.put("float", FieldType.DOUBLE);
    types.put("double", FieldType.DOUBLE);
    types.put("decimal", FieldType.DECIMAL);
    types.put("date", FieldType.DATE);
    types.put("timestamp-millis", FieldType.TIMESTAMP);
    types.put("timestamp-micros", FieldType.TIMESTAMP);
    types.put("timestamp", FieldType.TIMESTAMP);
    return types;
  }
}
