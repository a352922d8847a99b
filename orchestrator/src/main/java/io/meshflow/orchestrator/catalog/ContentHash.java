package io.meshflow.orchestrator.catalog;

import io.meshflow.contracts.model.DataProductContract;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What identifies content: the SHA-256 of its text, in hex. */
public final class ContentHash {
  private ContentHash() {}

  /** A contract version's content: the contract's text and its SQL model's. */
  public static String of(DataProductContract contract) {
    return of(contract.text() + "\n-- model --\n" + contract.transform().sql());
  }

  public static String of(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
