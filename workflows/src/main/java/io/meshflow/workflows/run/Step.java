package io.meshflow.workflows.run;

/** The five steps of a publish run, in order. */
public enum Step {
  EXTRACT,
  TRANSFORM,
  VALIDATE,
  PUBLISH,
  CATALOG_UPDATE;

  /** The step's name as users see it: {@code extract}, {@code catalog-update}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
