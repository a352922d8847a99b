package io.meshflow.orchestrator.platform;

import io.meshflow.contracts.access.Exposure;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.RunTrigger;
import io.meshflow.contracts.model.SourceRoots;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractParser;
import io.meshflow.orchestrator.access.ConsumerRoles;
import io.meshflow.orchestrator.access.DomainRoles;
import io.meshflow.orchestrator.catalog.ContentHash;
import io.meshflow.orchestrator.catalog.ProductDao;
import io.meshflow.workers.sql.DomainRole;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.PlanActivities;
import io.meshflow.workflows.activities.PlanCheck;
import io.meshflow.workflows.run.PublishPlan;
import io.meshflow.workflows.run.PublishRequest;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Trusts a run's plan only once it is the plan a registered contract version makes: anyone who can
 * start a workflow on Temporal can send any plan, and the data steps run whatever it says. The
 * registered text of the contract and its model are parsed again, from the catalog (not from disk),
 * the plan is made again from them, and the two must be equal.
 */
public final class PlanActivitiesImpl implements PlanActivities {
  static final String REFUSED = "PlanRefused";

  private final ProductDao products;
  private final Warehouse warehouse;
  private final SourceRoots roots;
  private final String kafkaServers;
  private final Function<Path, GovernancePolicies> governance;

  /**
   * @param warehouse the warehouse as the administrative role sees it, which grants a domain's role
   *     reads of the products its model refs and makes the consumer roles
   * @param kafkaServers the cluster the platform's plans name for Kafka sources that name none, or
   *     {@code null}
   * @param governance the governance (roles and access policies) a mesh folder is judged by
   */
  public PlanActivitiesImpl(
      ProductDao products,
      Warehouse warehouse,
      SourceRoots roots,
      String kafkaServers,
      Function<Path, GovernancePolicies> governance) {
    this.kafkaServers = kafkaServers;
    this.products = products;
    this.warehouse = warehouse;
    this.roots = roots;
    this.governance = governance;
  }

  @Override
  public Exposure verifyPlan(PlanCheck check) {
    PublishPlan plan = check.plan();
    if (plan.meshRoot() == null || plan.contractFile() == null || plan.version() == null) {
      throw refused(
          "the plan of " + plan.product() + " names no contract file; plan it again with Meshflow");
    }
    Path root;
    Path contractFile;
    try {
      root = Path.of(plan.meshRoot()).toAbsolutePath().normalize();
      contractFile = root.resolve(plan.contractFile()).normalize();
    } catch (InvalidPathException e) {
      throw refused("the plan of " + plan.product() + " names an invalid path");
    }
    if (!contractFile.startsWith(root) || contractFile.equals(root)) {
      throw refused("the plan of " + plan.product() + " names a contract outside its mesh folder");
    }
    String product = plan.product().toString();
    ProductDao.RegisteredVersion registered =
        products
            .version(product, plan.version())
            .orElseThrow(
                () ->
                    refused(
                        product
                            + " "
                            + plan.version()
                            + " is not registered in the catalog; runs start from registered"
                            + " contracts (meshflow publish, the API, a schedule or a backfill)"));
    DataProductContract contract;
    try {
      contract =
          new ContractParser(root, roots)
              .parse(
                  contractFile,
                  plan.contractFile(),
                  registered.yaml(),
                  ContractParser.registeredModel(registered.modelSql()));
    } catch (ContractException e) {
      throw refused(
          "the registered contract of "
              + product
              + " "
              + plan.version()
              + " no longer reads in"
              + " its mesh folder:\n"
              + e.getMessage());
    }
    if (!ContentHash.of(contract).equals(registered.hash())) {
      throw refused("the registered contract of " + product + " does not match its content hash");
    }
    PublishPlan expected =
        PublishPlan.of(contract, root, plan.followers()).withKafkaServers(kafkaServers);
    List<String> differences = differences(expected, plan);
    if (!differences.isEmpty()) {
      throw refused(
          "the plan of "
              + product
              + " is not the plan of its registered version "
              + plan.version()
              + " (it differs in "
              + String.join(", ", differences)
              + ")");
    }
    checkTrigger(contract, check.trigger());
    checkPartition(contract, check);
    Exposure exposure;
    try {
      exposure = governance.apply(root).access().exposure(contract);
    } catch (ContractException e) {
      throw refused("the governance of the mesh in " + root + " is invalid:\n" + e.getMessage());
    }
    DomainRole role = DomainRole.of(contract.id().domain().value());
    warehouse
        .jdbi()
        .useTransaction(
            h -> {
              DomainRoles.grantReads(h, role, ModelTemplate.refs(contract.transform().sql()));
              ConsumerRoles.ensure(h, exposure.roles());
            });
    return exposure;
  }

  private static List<String> differences(PublishPlan expected, PublishPlan actual) {
    List<String> names = new ArrayList<>();
    compare(names, "product", expected, actual, PublishPlan::product);
    compare(names, "source", expected, actual, PublishPlan::source);
    compare(names, "model", expected, actual, PublishPlan::modelSql);
    compare(names, "schema", expected, actual, PublishPlan::fields);
    compare(names, "checks", expected, actual, PublishPlan::checks);
    compare(names, "evidence rows", expected, actual, PublishPlan::evidenceRows);
    compare(names, "masking", expected, actual, PublishPlan::maskAtTransform);
    compare(names, "partitioning", expected, actual, PublishPlan::partitionColumn);
    compare(names, "contract file", expected, actual, PublishPlan::contractFile);
    return names;
  }

  private static void compare(
      List<String> names,
      String name,
      PublishPlan expected,
      PublishPlan actual,
      Function<PublishPlan, Object> part) {
    if (!Objects.equals(part.apply(expected), part.apply(actual))) names.add(name);
  }

  /** Triggers that only some contracts allow; any other (a person's, an API call's) is manual. */
  private static void checkTrigger(DataProductContract contract, String trigger) {
    String reason =
        switch (trigger == null ? "" : trigger) {
          case "" -> "a run needs a trigger";
          case TriggerActivitiesImpl.TRIGGER ->
              contract.trigger() == RunTrigger.ON_UPSTREAM
                  ? null
                  : "its contract does not say trigger: on-upstream";
          case "schedule" ->
              contract.schedule() != null && contract.schedule().byCron()
                  ? null
                  : "its contract has no cron schedule";
          case TriggerActivitiesImpl.FRESHNESS ->
              contract.schedule() != null && contract.schedule().onFreshness()
                  ? null
                  : "its contract does not say schedule: { on: freshness }";
          case "backfill" ->
              contract.partitioning() != null
                  ? null
                  : "it is not partitioned, so it has no backfill";
          default -> null;
        };
    if (reason != null) {
      throw refused(contract.id() + " cannot run by trigger '" + trigger + "': " + reason);
    }
  }

  private static void checkPartition(DataProductContract contract, PlanCheck check) {
    String partition = check.partition();
    if (contract.partitioning() == null) {
      if (!PublishRequest.LATEST.equals(partition) || check.window() != null) {
        throw refused(
            contract.id()
                + " is not partitioned: its runs publish the whole product, not '"
                + partition
                + "'");
      }
      return;
    }
    PartitionWindow expected;
    try {
      expected = PartitionWindow.of(contract.partitioning().granularity(), partition);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw refused(contract.id() + ": invalid partition '" + partition + "'");
    }
    if (!expected.equals(check.window())) {
      throw refused(
          contract.id() + ": the window of partition " + partition + " is not the partition's own");
    }
  }

  private static ApplicationFailure refused(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, REFUSED);
  }
}
