package io.meshflow.orchestrator.lineage;

import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.catalog.LineageDao;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lineage graph the catalog has learned from run events: datasets read (IN) and written (OUT)
 * by jobs. Walks it upstream or downstream from a product, and answers what a change to a product
 * or one of its fields would affect.
 */
public final class LineageGraph {

  /**
   * A dataset in a lineage tree.
   *
   * @param product the Meshflow product it is, or {@code null}
   * @param via the job (namespace/name) that links it to its parent in the tree, or {@code null}
   */
  public record Node(
      String namespace, String name, String product, String via, List<Node> children) {}

  /**
   * One dataset a change reaches.
   *
   * @param columns the columns derived from the changed field (field-level analysis), else empty
   * @param how {@code column lineage} when derived through known column lineage, {@code reads it}
   *     when it reads the changed dataset (column use unknown)
   */
  public record Affected(
      String namespace,
      String name,
      String product,
      String via,
      List<String> columns,
      String how) {}

  /**
   * What a change to a product (or one of its fields) affects downstream, and which jobs read it.
   */
  public record Impact(
      String product, String field, List<Affected> affected, List<String> consumers) {}

  /** A column in a column-lineage tree. */
  public record ColumnNode(
      String namespace, String name, String product, String column, List<ColumnNode> children) {}

  /** Where a product's column comes from (up) or goes to (down), through column lineage. */
  public ColumnNode columns(ProductId product, String column, boolean up, int depth) {
    return columnWalk(naming.namespace(), naming.name(product), column, up, depth, new HashSet<>());
  }

  private ColumnNode columnWalk(
      String ns, String name, String column, boolean up, int depth, Set<String> seen) {
    List<ColumnNode> children = new ArrayList<>();
    if (depth > 0 && seen.add(ns + "/" + name + "#" + column)) {
      List<LineageDao.Column> next =
          up ? dao.sources(ns, name, column) : dao.derived(ns, name, column);
      for (LineageDao.Column n : next) {
        children.add(columnWalk(n.namespace(), n.name(), n.column(), up, depth - 1, seen));
      }
    }
    return new ColumnNode(
        ns, name, naming.product(ns, name).map(Object::toString).orElse(null), column, children);
  }

  private final LineageDao dao;
  private final DatasetNaming naming;

  public LineageGraph(LineageDao dao, DatasetNaming naming) {
    this.dao = dao;
    this.naming = naming;
  }

  public Node upstream(ProductId product, int depth) {
    return walk(naming.namespace(), naming.name(product), null, true, depth, new HashSet<>());
  }

  public Node downstream(ProductId product, int depth) {
    return walk(naming.namespace(), naming.name(product), null, false, depth, new HashSet<>());
  }

  private Node walk(
      String namespace, String name, String via, boolean up, int depth, Set<String> seen) {
    List<Node> children = new ArrayList<>();
    if (depth > 0 && seen.add(namespace + "/" + name)) {
      for (LineageDao.Hop hop : hops(namespace, name, up)) {
        children.add(walk(hop.namespace(), hop.name(), hop.job(), up, depth - 1, seen));
      }
    }
    String product = naming.product(namespace, name).map(Object::toString).orElse(null);
    return new Node(namespace, name, product, via, children);
  }

  /**
   * The datasets one job away: inputs of the jobs that write it, or outputs of those that read it.
   */
  private List<LineageDao.Hop> hops(String namespace, String name, boolean up) {
    return up ? dao.hops(namespace, name, "OUT", "IN") : dao.hops(namespace, name, "IN", "OUT");
  }

  /**
   * Everything downstream of the product that a change reaches: every dataset written by a job that
   * reads an affected dataset, and with a field, the columns known to be derived from it through
   * column lineage (marked {@code column lineage}).
   */
  public Impact impact(ProductId product, String field) {
    Map<String, Affected> affected = new LinkedHashMap<>();
    Set<String> consumers = new java.util.TreeSet<>();
    String ns = naming.namespace();
    String name = naming.name(product);
    List<String[]> frontier = new ArrayList<>();
    frontier.add(new String[] {ns, name, field});
    Set<String> visited = new HashSet<>();
    while (!frontier.isEmpty()) {
      String[] at = frontier.remove(0);
      if (!visited.add(at[0] + "/" + at[1] + "/" + at[2])) continue;
      if (at[2] != null) {
        for (LineageDao.Column derived : dao.derived(at[0], at[1], at[2])) {
          add(
              affected,
              derived.namespace(),
              derived.name(),
              null,
              derived.column(),
              "column lineage");
          frontier.add(new String[] {derived.namespace(), derived.name(), derived.column()});
        }
      }
      for (LineageDao.Hop hop : hops(at[0], at[1], false)) {
        consumers.add(hop.job());
        // column lineage read off models is partial (direct copies only): a reader without a
        // derived column may still use the field, so it is affected all the same
        add(affected, hop.namespace(), hop.name(), hop.job(), null, "reads it");
        frontier.add(new String[] {hop.namespace(), hop.name(), null});
      }
    }
    return new Impact(
        product.toString(), field, List.copyOf(affected.values()), List.copyOf(consumers));
  }

  private void add(
      Map<String, Affected> affected,
      String ns,
      String name,
      String via,
      String column,
      String how) {
    String key = ns + "/" + name;
    Affected old = affected.get(key);
    List<String> columns = new ArrayList<>(old == null ? List.of() : old.columns());
    if (column != null && !columns.contains(column)) columns.add(column);
    String product = naming.product(ns, name).map(Object::toString).orElse(null);
    String mergedHow = old == null ? how : old.how().equals("column lineage") ? old.how() : how;
    affected.put(
        key,
        new Affected(
            ns,
            name,
            product,
            via != null ? via : old == null ? null : old.via(),
            List.copyOf(columns),
            mergedHow));
  }
}
