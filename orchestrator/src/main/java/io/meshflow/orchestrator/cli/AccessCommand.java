package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.parse.ContractValues;
import io.meshflow.orchestrator.access.AccessReconciler;
import io.meshflow.orchestrator.access.AccessService;
import io.meshflow.orchestrator.catalog.AccessDao;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshflow access}: who reads which product, time-boxed grants as durable workflows, the
 * audit log, and reconciliation of every product's grants with its contract.
 */
@Component
@Command(
    name = "access",
    mixinStandardHelpOptions = true,
    description = {
      "Consumers' access to products: request, approve, deny and revoke time-boxed grants,",
      "show who reads a product, read the audit log. With --reconcile, bring every published",
      "product's grants, secured view and row filters in line with its contract and the access",
      "policies (publishing does that for the product it publishes), and report the changes."
    },
    subcommands = {
      AccessCommand.Request.class,
      AccessCommand.Approve.class,
      AccessCommand.Deny.class,
      AccessCommand.Revoke.class,
      AccessCommand.Show.class,
      AccessCommand.Log.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:refused (no such request, decided already, …)", "2:invalid input"})
public class AccessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin MeshOptions meshOptions = new MeshOptions();

  @Option(
      names = "--reconcile",
      description = "Reconcile every published product's grants with its contract and report.")
  boolean reconcile;

  private final MeshflowProperties properties;
  private final StackLauncher launcher;

  public AccessCommand(MeshflowProperties properties, StackLauncher launcher) {
    this.properties = properties;
    this.launcher = launcher;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!reconcile) {
      spec.commandLine().usage(out);
      return 0;
    }
    Optional<Mesh> mesh = meshOptions.load(properties, err);
    if (mesh.isEmpty()) return 2;
    Optional<GovernancePolicies> policies = meshOptions.policies(properties, err);
    if (policies.isEmpty()) return 2;
    try (MeshStack stack = launcher.forCommand(new StackLauncher.Needs(false, Set.of()))) {
      List<String> changes =
          new AccessReconciler(stack.warehouse(), policies.get().access()).reconcile(mesh.get());
      changes.forEach(out::println);
      out.println(
          changes.isEmpty()
              ? "access matches the contracts: nothing to change"
              : changes.size() + " change" + (changes.size() == 1 ? "" : "s"));
      out.flush();
      return 0;
    }
  }

  /** What the subcommands share: the mesh, its policies and a stack with Temporal. */
  abstract static class Sub implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin MeshOptions meshOptions = new MeshOptions();

    final MeshflowProperties properties;
    final StackLauncher launcher;

    Sub(MeshflowProperties properties, StackLauncher launcher) {
      this.properties = properties;
      this.launcher = launcher;
    }

    /** What the subcommand does with the service; returns its exit code. */
    abstract int run(AccessService access, PrintWriter out);

    /** Whether the subcommand signals or starts workflows. */
    boolean needsTemporal() {
      return true;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Optional<Mesh> mesh = meshOptions.load(properties, err);
      if (mesh.isEmpty()) return 2;
      Optional<GovernancePolicies> policies = meshOptions.policies(properties, err);
      if (policies.isEmpty()) return 2;
      try (MeshStack stack =
          launcher.forCommand(new StackLauncher.Needs(needsTemporal(), Set.of()))) {
        int code = run(stack.services().access(mesh.get(), policies.get()), out);
        out.flush();
        return code;
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        err.flush();
        return 2;
      } catch (AccessService.NoSuchRequestException | AccessService.AccessConflictException e) {
        err.println(e.getMessage());
        err.flush();
        return 1;
      }
    }
  }

  /** The options that name one login's access to one product as one role. */
  abstract static class Grant extends Sub {
    @Parameters(paramLabel = "PRODUCT", description = "The product, e.g. orders.order_events.")
    String product;

    @Option(names = "--user", required = true, paramLabel = "LOGIN", description = "Who reads.")
    String user;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "A role the product's contract grants, e.g. analyst.")
    String role;

    @Option(
        names = "--by",
        paramLabel = "NAME",
        description = "Who acts, for the audit log (default: your user name).")
    String by = System.getProperty("user.name");

    Grant(MeshflowProperties properties, StackLauncher launcher) {
      super(properties, launcher);
    }
  }

  /** A decision on a request, or its early end, with its reason for the audit log. */
  abstract static class Decision extends Grant {
    @Option(names = "--note", paramLabel = "TEXT", description = "Why, for the audit log.")
    String note;

    Decision(MeshflowProperties properties, StackLauncher launcher) {
      super(properties, launcher);
    }
  }

  @Command(
      name = "request",
      mixinStandardHelpOptions = true,
      description = {
        "Ask that a login read a product as one of its roles for a while. Starts the workflow",
        "access/<product>/<login>/<role>, which waits for the owner's decision (7 days at most)."
      })
  public static class Request extends Grant {
    @Option(
        names = "--for",
        required = true,
        paramLabel = "DURATION",
        description = "How long the grant lasts once approved, e.g. 30d, 12h.")
    String duration;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the owner.")
    String reason;

    public Request(MeshflowProperties properties, StackLauncher launcher) {
      super(properties, launcher);
    }

    @Override
    int run(AccessService access, PrintWriter out) {
      Duration d = ContractValues.duration(duration);
      AccessDao.Request r = access.request(product, role, user, d, reason, by);
      out.println(
          "requested: "
              + user
              + " to read "
              + product
              + " as "
              + role
              + " ("
              + r.warehouseRole()
              + ") for "
              + ContractValues.durationText(d)
              + "; workflow "
              + r.workflowId()
              + " waits for the owner's decision");
      out.println(
          "  approve: ./meshflow access approve "
              + product
              + " --user "
              + user
              + " --role "
              + role);
      return 0;
    }
  }

  @Command(name = "approve", mixinStandardHelpOptions = true, description = "Grant a request.")
  public static class Approve extends Decision {
    public Approve(MeshflowProperties properties, StackLauncher launcher) {
      super(properties, launcher);
    }

    @Override
    int run(AccessService access, PrintWriter out) {
      AccessDao.Request r = access.decide(product, user, role, true, by, note);
      out.println(
          r.status().equals("ACTIVE")
              ? "granted: " + user + " reads " + product + " as " + role + " until " + r.expiresAt()
              : "the request is " + AccessService.describe(r));
      return r.status().equals("ACTIVE") ? 0 : 1;
    }
  }

  @Command(name = "deny", mixinStandardHelpOptions = true, description = "Deny a request.")
  public static class Deny extends Decision {
    public Deny(MeshflowProperties properties, StackLauncher launcher) {
      super(properties, launcher);
    }

    @Override
    int run(AccessService access, PrintWriter out) {
      AccessDao.Request r = access.decide(product, user, role, false, by, note);
      out.println("the request is " + AccessService.describe(r));
      return r.status().equals("DENIED") ? 0 : 1;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "End a grant before it expires, or withdraw a pending request.")
  public static class Revoke extends Decision {
    public Revoke(MeshflowProperties properties, StackLauncher launcher) {
      super(properties, launcher);
    }

    @Override
    int run(AccessService access, PrintWriter out) {
      Optional<AccessDao.Request> r = access.revoke(product, user, role, by, note);
      out.println(
          r.isEmpty()
              ? user
                  + " holds no grant from Meshflow to read "
                  + product
                  + " as "
                  + role
                  + ": nothing to revoke"
              : "the request is " + AccessService.describe(r.get()));
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Who can read a product, through which role, until when.")
  public static class Show extends Sub {
    @Parameters(paramLabel = "PRODUCT", description = "The product, e.g. orders.order_events.")
    String product;

    public Show(MeshflowProperties properties, StackLauncher launcher) {
      super(properties, launcher);
    }

    @Override
    boolean needsTemporal() {
      return false;
    }

    @Override
    int run(AccessService access, PrintWriter out) {
      List<AccessService.Reader> readers = access.readers(product);
      if (readers.isEmpty()) {
        out.println(product + " grants no role: no consumer reads it");
        return 0;
      }
      TextTable table = new TextTable("ROLE", "WAREHOUSE ROLE", "READS", "LOGIN", "UNTIL");
      for (AccessService.Reader r : readers) {
        table.add(
            r.role(),
            r.warehouseRole(),
            r.relation(),
            r.login() == null ? "-" : r.login(),
            r.login() == null
                ? ""
                : r.until() == null ? "(granted outside Meshflow)" : Formats.time(r.until()));
      }
      table.print(out);
      return 0;
    }
  }

  @Command(
      name = "log",
      mixinStandardHelpOptions = true,
      description = "The audit log: requests, decisions, grants and revocations, oldest first.")
  public static class Log extends Sub {
    @Parameters(arity = "0..1", paramLabel = "PRODUCT", description = "Only this product's.")
    String product;

    @Option(names = "--user", paramLabel = "LOGIN", description = "Only this login's.")
    String user;

    @Option(names = "--limit", description = "The last N lines (default ${DEFAULT-VALUE}).")
    int limit = 100;

    public Log(MeshflowProperties properties, StackLauncher launcher) {
      super(properties, launcher);
    }

    @Override
    boolean needsTemporal() {
      return false;
    }

    @Override
    int run(AccessService access, PrintWriter out) {
      List<AccessDao.AuditEntry> entries = access.log(product, user, limit);
      if (entries.isEmpty()) {
        out.println("no access events");
        return 0;
      }
      TextTable table = new TextTable("TIME", "ACTION", "PRODUCT", "ROLE", "LOGIN", "BY", "DETAIL");
      for (AccessDao.AuditEntry e : entries) {
        table.add(
            Formats.time(e.at()),
            e.action(),
            e.productId(),
            e.role(),
            e.login(),
            e.actor(),
            e.detail());
      }
      table.print(out);
      return 0;
    }
  }
}
