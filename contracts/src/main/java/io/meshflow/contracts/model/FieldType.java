package io.meshflow.contracts.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Logical column types a contract may declare. The warehouse maps each to its own SQL type. */
public enum FieldType {
  STRING,
  INTEGER,
  LONG,
  DECIMAL,
  DOUBLE,
  BOOLEAN,
  DATE,
  TIMESTAMP;

  public String contractName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FieldType fromContractName(String name) {
    for (FieldType t : values()) {
      if (t.contractName().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown type '" + name + "' (expected one of " + allNames() + ")");
  }

  public static String allNames() {
    return Arrays.stream(values()).map(FieldType::contractName).collect(Collectors.joining(", "));
  }

  public boolean isNumeric() {
    return this == INTEGER || this == LONG || this == DECIMAL || this == DOUBLE;
  }
}
