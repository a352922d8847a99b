package io.meshflow.orchestrator.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshflow.orchestrator.config.MeshflowProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The HTTP API's authentication and authorisation, with Spring Security as an OAuth 2 resource
 * server: bearer tokens are Meshflow's own API tokens or JWTs of an OIDC issuer, and each endpoint
 * needs one {@link ApiPermission}. Without a token a call gets 401; with one that lacks the
 * permission, 403; both as problem+json.
 */
@Configuration
@EnableWebSecurity
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ApiAuthProperties.class)
public class ApiSecurityConfig {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Bean
  ApiTokens apiTokens(ApiAuthProperties auth, MeshflowProperties meshflow) {
    return ApiTokens.of(auth, meshflow.home());
  }

  @Bean
  SecurityFilterChain api(HttpSecurity http, ApiAuthProperties auth, ApiTokens tokens)
      throws Exception {
    http.csrf(c -> c.disable()) // bearer tokens only: no cookies for a browser to replay
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, ex) -> {
                          response.setHeader("WWW-Authenticate", "Bearer");
                          problem(
                              response,
                              HttpStatus.UNAUTHORIZED,
                              "a bearer token is required (Authorization: Bearer <token>)");
                        })
                    .accessDeniedHandler(
                        (request, response, ex) ->
                            problem(
                                response,
                                HttpStatus.FORBIDDEN,
                                "the token lacks the permission this endpoint needs")));
    if (auth.insecure()) {
      http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
      return http.build();
    }
    // built once: the JWT decoder keeps the issuer's keys between requests
    AuthenticationManager manager = authenticationManager(auth, tokens);
    http.authorizeHttpRequests(
            a ->
                // an error page renders what a request that got through already caused
                a.dispatcherTypeMatchers(DispatcherType.ERROR)
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/api/v1/lineage")
                    .hasAuthority(ApiPermission.LINEAGE_WRITE.scope())
                    .requestMatchers(
                        HttpMethod.POST,
                        "/api/v1/products/*/runs",
                        "/api/v1/products/*/backfill",
                        "/api/v1/products/*/backfill/*")
                    .hasAuthority(ApiPermission.RUNS_TRIGGER.scope())
                    .requestMatchers(HttpMethod.POST, "/api/v1/contracts", "/v1/products")
                    .hasAuthority(ApiPermission.CONTRACTS_REGISTER.scope())
                    .requestMatchers("/api/v1/access/**", "/api/v1/query")
                    .hasAuthority(ApiPermission.ACCESS_ADMIN.scope())
                    .requestMatchers(HttpMethod.GET, "/api/**", "/v3/api-docs/**", "/swagger-ui/**")
                    .hasAuthority(ApiPermission.CATALOG_READ.scope())
                    .anyRequest()
                    .denyAll())
        .oauth2ResourceServer(
            o ->
                o.authenticationManagerResolver(request -> manager)
                    .authenticationEntryPoint(
                        (request, response, ex) -> {
                          response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                          problem(
                              response,
                              HttpStatus.UNAUTHORIZED,
                              "the bearer token is not valid here");
                        }));
    return http.build();
  }

  /** API tokens first; then, where an issuer is configured, JWTs. */
  private static AuthenticationManager authenticationManager(
      ApiAuthProperties auth, ApiTokens tokens) {
    List<AuthenticationProvider> providers = new ArrayList<>();
    providers.add(new OpaqueTokenAuthenticationProvider(tokens));
    if (auth.oidc().configured()) {
      JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(jwtDecoder(auth.oidc()));
      JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
      scopes.setAuthorityPrefix("");
      if (auth.oidc().permissionsClaim() != null) {
        scopes.setAuthoritiesClaimName(auth.oidc().permissionsClaim());
      }
      JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
      converter.setJwtGrantedAuthoritiesConverter(scopes);
      jwt.setJwtAuthenticationConverter(converter);
      providers.add(jwt);
    }
    return new ProviderManager(providers);
  }

  private static JwtDecoder jwtDecoder(ApiAuthProperties.Oidc oidc) {
    if (oidc.jwkSetUri() != null && !oidc.jwkSetUri().isBlank()) {
      return NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri()).build();
    }
    // the issuer's discovery document is fetched on the first JWT, not at start
    return new SupplierJwtDecoder(() -> JwtDecoders.fromIssuerLocation(oidc.issuerUri()));
  }

  @Bean
  FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(ApiAuthProperties auth) {
    FilterRegistrationBean<RequestSizeFilter> registration =
        new FilterRegistrationBean<>(
            new RequestSizeFilter(auth.maxBodyBytes(), auth.ingestBytesPerMinute()));
    registration.addUrlPatterns("/*");
    // after Spring Security's chain, so that ingestion is counted per authenticated caller
    registration.setOrder(org.springframework.core.Ordered.LOWEST_PRECEDENCE - 10);
    return registration;
  }

  static void problem(HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    response.setStatus(status.value());
    response.setContentType("application/problem+json");
    JSON.writeValue(response.getOutputStream(), body);
  }
}
