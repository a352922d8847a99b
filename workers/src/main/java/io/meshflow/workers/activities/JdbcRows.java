package io.meshflow.workers.activities;

import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.SourceColumn;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.postgresql.copy.CopyIn;

/**
 * Reads a table of a database other than PostgreSQL through its JDBC driver: a forward-only cursor
 * with a fetch size, each fetched batch written as CSV into {@code COPY … FROM STDIN} on the
 * warehouse, so the rows are never held in the JVM. Values are printed as PostgreSQL reads them
 * back: timestamps as UTC instants (a timestamp without a time zone is taken as UTC, as the
 * PostgreSQL reader takes it), dates as ISO dates, decimals in plain notation.
 */
final class JdbcRows {
  /** Rows a driver fetches per round trip. */
  static final int FETCH_SIZE = 10_000;

  private static final int FLUSH_BYTES = 1 << 20;

  private JdbcRows() {}

  /**
   * The cursor column's highest value, printed as {@link #text} prints it (null when the relation
   * is empty), and whether the column is a timestamp with a time zone.
   */
  record Highest(String value, boolean zoned) {}

  /**
   * @param select {@code SELECT max(<column>) FROM …}
   */
  static Highest highest(Connection from, String select, FieldType type) throws SQLException {
    try (var statement = from.createStatement();
        ResultSet rs = statement.executeQuery(select)) {
      rs.next();
      boolean zoned = zoned(rs.getMetaData(), 1);
      return new Highest(text(rs, 1, type, zoned), zoned);
    }
  }

  /**
   * Copies the rows of {@code select} into {@code copy}, binding {@code bounds} (cursor values as
   * {@link #text} printed them, of a column {@code cursorZoned} or not) to its parameters in order.
   *
   * @return the rows copied
   */
  static long copy(
      Connection from,
      String select,
      List<SourceColumn> columns,
      FieldType cursorType,
      boolean cursorZoned,
      List<String> bounds,
      CopyIn copy)
      throws SQLException {
    // most drivers stream a forward-only result in fetch-size batches only outside autocommit
    boolean autoCommit = from.getAutoCommit();
    from.setAutoCommit(false);
    try (PreparedStatement statement =
        from.prepareStatement(select, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      statement.setFetchSize(FETCH_SIZE);
      for (int i = 0; i < bounds.size(); i++) {
        bind(statement, i + 1, cursorType, cursorZoned, bounds.get(i));
      }
      long rows = 0;
      try (ResultSet rs = statement.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        boolean[] zoned = new boolean[columns.size()];
        for (int i = 0; i < zoned.length; i++) zoned[i] = zoned(meta, i + 1);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_BYTES + (64 << 10));
        StringBuilder line = new StringBuilder(256);
        while (rs.next()) {
          line.setLength(0);
          for (int i = 0; i < columns.size(); i++) {
            if (i > 0) line.append(',');
            String value = text(rs, i + 1, columns.get(i).type(), zoned[i]);
            if (value != null) {
              line.append('"').append(value.replace("\"", "\"\"")).append('"');
            }
          }
          line.append('\n');
          buffer.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
          rows++;
          if (buffer.size() >= FLUSH_BYTES) {
            copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            buffer.reset();
          }
        }
        if (buffer.size() > 0) copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
      }
      return rows;
    } finally {
      from.rollback();
      from.setAutoCommit(autoCommit);
    }
  }

  /** Whether a result column is a timestamp with a time zone (else a local one is UTC). */
  private static boolean zoned(ResultSetMetaData meta, int column) throws SQLException {
    if (meta.getColumnType(column) == Types.TIMESTAMP_WITH_TIMEZONE) return true;
    String name = meta.getColumnTypeName(column);
    name = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return name.contains("with time zone") || name.equals("timestamptz");
  }

  /** A value as PostgreSQL reads it back into {@code type}, or null for SQL NULL. */
  static String text(ResultSet rs, int column, FieldType type, boolean zoned) throws SQLException {
    switch (type) {
      case BOOLEAN -> {
        boolean b = rs.getBoolean(column);
        return rs.wasNull() ? null : Boolean.toString(b);
      }
      case DECIMAL -> {
        BigDecimal d = rs.getBigDecimal(column);
        return d == null ? null : d.toPlainString();
      }
      case DATE -> {
        LocalDate d = rs.getObject(column, LocalDate.class);
        return d == null ? null : d.toString();
      }
      case TIMESTAMP -> {
        if (zoned) {
          OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
          return t == null ? null : t.toInstant().toString();
        }
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC).toString();
      }
      default -> {
        return rs.getString(column);
      }
    }
  }

  /** A cursor bound, typed as its column so the source compares it as it compares its values. */
  private static void bind(
      PreparedStatement statement, int index, FieldType type, boolean zoned, String value)
      throws SQLException {
    switch (type) {
      case INTEGER -> statement.setInt(index, Integer.parseInt(value));
      case LONG -> statement.setLong(index, Long.parseLong(value));
      case DECIMAL -> statement.setBigDecimal(index, new BigDecimal(value));
      case DOUBLE -> statement.setDouble(index, Double.parseDouble(value));
      case DATE -> statement.setObject(index, LocalDate.parse(value));
      case TIMESTAMP -> {
        Instant at = Instant.parse(value);
        // a local timestamp column holds UTC wall-clock times; a zoned one compares instants
        statement.setObject(
            index,
            zoned
                ? OffsetDateTime.ofInstant(at, ZoneOffset.UTC)
                : LocalDateTime.ofInstant(at, ZoneOffset.UTC));
      }
      default -> statement.setString(index, value);
    }
  }
}
