package io.meshflow.orchestrator.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the HTTP API authenticates and bounds its callers ({@code meshflow.api.*}).
 *
 * @param tokens API tokens and what each may do (the embedded default and small deployments)
 * @param token one token with every permission, e.g. from {@code MESHFLOW_API_TOKEN}
 * @param oidc JWTs of an OIDC issuer, for real deployments
 * @param insecure serve without authentication (refused unless set on purpose)
 * @param homeToken keep a token with every permission in the home's {@code api-token} file, made on
 *     first use ({@code meshflow dev} sets this)
 * @param maxBodyBytes the largest request body any endpoint accepts
 * @param ingestBytesPerMinute how many bytes of lineage one caller may send per minute
 */
@ConfigurationProperties("meshflow.api")
public record ApiAuthProperties(
    List<Token> tokens,
    String token,
    Oidc oidc,
    boolean insecure,
    boolean homeToken,
    Long maxBodyBytes,
    Long ingestBytesPerMinute) {

  public ApiAuthProperties {
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    oidc = oidc == null ? new Oidc(null, null, null) : oidc;
    maxBodyBytes = maxBodyBytes == null ? 1L << 20 : maxBodyBytes;
    ingestBytesPerMinute = ingestBytesPerMinute == null ? 32L << 20 : ingestBytesPerMinute;
  }

  /**
   * A named API token.
   *
   * @param permissions permission names ({@code catalog:read}, …) or {@code *}
   */
  public record Token(String name, String token, List<String> permissions) {
    public Token {
      permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }
  }

  /**
   * An OIDC issuer whose JWTs the API accepts; their {@code permissionsClaim} (default {@code
   * scope}) names the permissions.
   */
  public record Oidc(String issuerUri, String jwkSetUri, String permissionsClaim) {
    public boolean configured() {
      return (issuerUri != null && !issuerUri.isBlank())
          || (jwkSetUri != null && !jwkSetUri.isBlank());
    }
  }

  /** Whether any way of authenticating is set up. */
  public boolean authenticates() {
    return !tokens.isEmpty()
        || (token != null && !token.isBlank())
        || oidc.configured()
        || homeToken;
  }
}
