package io.meshflow.orchestrator.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds what a caller can send: no request body larger than {@code maxBodyBytes} (413, whether the
 * body announces its length or streams it), and no more than {@code ingestBytesPerMinute} of
 * lineage events per caller over any minute (429 with {@code Retry-After}), so that one client
 * cannot fill the catalog's disk.
 */
final class RequestSizeFilter extends OncePerRequestFilter {
  private static final String INGEST_PATH = "/api/v1/lineage";

  private final long maxBodyBytes;
  private final long ingestBytesPerMinute;
  private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

  RequestSizeFilter(long maxBodyBytes, long ingestBytesPerMinute) {
    this.maxBodyBytes = maxBodyBytes;
    this.ingestBytesPerMinute = ingestBytesPerMinute;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long length = request.getContentLengthLong();
    if (length > maxBodyBytes) {
      tooLarge(response);
      return;
    }
    String caller = null;
    if ("POST".equals(request.getMethod()) && INGEST_PATH.equals(request.getRequestURI())) {
      Principal principal = request.getUserPrincipal();
      caller = principal == null ? "anonymous:" + request.getRemoteAddr() : principal.getName();
      long wait = budget(caller).take(Math.max(length, 0), System.nanoTime());
      if (wait > 0) {
        response.setHeader("Retry-After", Long.toString(wait));
        ApiSecurityConfig.problem(
            response,
            HttpStatus.TOO_MANY_REQUESTS,
            "this caller sent more than "
                + ingestBytesPerMinute
                + " bytes of lineage events in the last minute; try again in "
                + wait
                + " s");
        return;
      }
    }
    Limited limited = new Limited(request, maxBodyBytes);
    try {
      chain.doFilter(limited, response);
    } catch (ServletException | IOException | RuntimeException e) {
      if (limited.exceeded && !response.isCommitted()) {
        response.reset();
        tooLarge(response);
        return;
      }
      throw e;
    }
    if (limited.exceeded && !response.isCommitted()) {
      response.reset();
      tooLarge(response);
    }
    if (caller != null && length < 0) {
      // a streamed body is charged once its size is known
      budget(caller).take(limited.read, System.nanoTime());
    }
  }

  private Budget budget(String caller) {
    return budgets.computeIfAbsent(caller, c -> new Budget(ingestBytesPerMinute));
  }

  /**
   * A token bucket of bytes: full at {@code perMinute}, refilled continuously at that rate, so a
   * caller may send a minute's worth at once and then only as fast as it refills.
   */
  private static final class Budget {
    private final double capacity;
    private double available;
    private long at = System.nanoTime();

    Budget(long perMinute) {
      this.capacity = perMinute;
      this.available = perMinute;
    }

    /** Takes {@code bytes}; returns 0, or the seconds to wait when the bucket cannot give them. */
    synchronized long take(long bytes, long now) {
      available = Math.min(capacity, available + (now - at) / 60e9 * capacity);
      at = now;
      if (bytes <= available || available >= capacity) {
        available -= bytes;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((bytes - available) / capacity * 60));
    }
  }

  private void tooLarge(HttpServletResponse response) throws IOException {
    ApiSecurityConfig.problem(
        response,
        HttpStatus.PAYLOAD_TOO_LARGE,
        "the request body is larger than " + maxBodyBytes + " bytes");
  }

  /** A request whose body stops (with an error) past the limit. */
  private static final class Limited extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;
    boolean exceeded;
    long read;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream =
            new ServletInputStream() {

              @Override
              public int read() throws IOException {
                int b = in.read();
                if (b >= 0) count(1);
                return b;
              }

              @Override
              public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0) count(n);
                return n;
              }

              private void count(int n) throws IOException {
                read += n;
                if (read > limit) {
                  exceeded = true;
                  throw new IOException("request body larger than " + limit + " bytes");
                }
              }

              @Override
              public boolean isFinished() {
                return in.isFinished();
              }

              @Override
              public boolean isReady() {
                return in.isReady();
              }

              @Override
              public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
              }
            };
      }
      return stream;
    }
  }
}
