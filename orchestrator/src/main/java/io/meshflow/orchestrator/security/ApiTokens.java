package io.meshflow.orchestrator.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * The API tokens Meshflow knows: from its configuration, and the home's own token file where the
 * embedded default keeps one. Tokens are compared by their SHA-256 digests in constant time, and
 * only the digests stay in memory.
 */
public final class ApiTokens implements OpaqueTokenIntrospector {
  /** The file in Meshflow's home holding the embedded default's token. */
  public static final String HOME_TOKEN_FILE = "api-token";

  private record Known(String name, byte[] digest, Set<ApiPermission> permissions) {}

  private final List<Known> known;

  private ApiTokens(List<Known> known) {
    this.known = List.copyOf(known);
  }

  /** The tokens {@code properties} configure, plus the home's token file when asked for. */
  public static ApiTokens of(ApiAuthProperties properties, Path home) {
    List<Known> known = new ArrayList<>();
    for (ApiAuthProperties.Token t : properties.tokens()) {
      if (t.token() == null || t.token().length() < 16) {
        throw new IllegalArgumentException(
            "API token '" + t.name() + "' is missing or shorter than 16 characters");
      }
      known.add(new Known(t.name(), digest(t.token()), permissions(t.permissions())));
    }
    if (properties.token() != null && !properties.token().isBlank()) {
      known.add(
          new Known(
              "meshflow.api.token",
              digest(properties.token()),
              EnumSet.allOf(ApiPermission.class)));
    }
    if (properties.homeToken()) {
      known.add(new Known("home", digest(homeToken(home)), EnumSet.allOf(ApiPermission.class)));
    }
    return new ApiTokens(known);
  }

  /** The token in {@code home}'s token file, made (readable by its owner only) when missing. */
  public static String homeToken(Path home) {
    Path file = home.resolve(HOME_TOKEN_FILE);
    try {
      if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).strip();
      Files.createDirectories(home);
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String token = "mf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Path partial = Files.createTempFile(home, HOME_TOKEN_FILE, ".tmp");
      try {
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // the home's own folder permissions protect it
      }
      Files.writeString(partial, token + "\n", StandardCharsets.UTF_8);
      Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the API token in " + file, e);
    }
  }

  static Set<ApiPermission> permissions(List<String> names) {
    Set<ApiPermission> set = EnumSet.noneOf(ApiPermission.class);
    for (String name : names) {
      if (name.strip().equals("*")) return EnumSet.allOf(ApiPermission.class);
      set.add(ApiPermission.of(name));
    }
    return set;
  }

  /** Whether any token is known. */
  public boolean isEmpty() {
    return known.isEmpty();
  }

  @Override
  public OAuth2AuthenticatedPrincipal introspect(String token) {
    byte[] digest = digest(token);
    Known match = null;
    for (Known k : known) {
      // compare with every token, so the time taken says nothing about which one matched
      if (MessageDigest.isEqual(k.digest(), digest) && match == null) match = k;
    }
    if (match == null) throw new BadOpaqueTokenException("unknown API token");
    List<GrantedAuthority> authorities =
        match.permissions().stream()
            .map(p -> (GrantedAuthority) new SimpleGrantedAuthority(p.scope()))
            .toList();
    return new DefaultOAuth2AuthenticatedPrincipal(
        match.name(), Map.of("sub", match.name()), authorities);
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
