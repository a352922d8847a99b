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
 * lineage events per caller and minute (429 with {@code Retry-After}), so that one client cannot
 * fill the catalog's disk.
 */
final class RequestSizeFilter extends OncePerRequestFilter {
  private static final String INGEST_PATH = "/api/v1/lineage";

  private final long maxBodyBytes;
  private final long ingestBytesPerMinute;
  private final Map<String, Window> ingested = new ConcurrentHashMap<>();

  /** Bytes one caller sent in the minute that started at {@code minute}. */
  private record Window(long minute, long bytes) {}

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
    if ("POST".equals(request.getMethod()) && INGEST_PATH.equals(request.getRequestURI())) {
      Principal caller = request.getUserPrincipal();
      String key = caller == null ? "anonymous:" + request.getRemoteAddr() : caller.getName();
      long minute = System.currentTimeMillis() / 60_000;
      long size = Math.max(length, 0);
      Window window =
          ingested.compute(
              key,
              (k, w) ->
                  w == null || w.minute() != minute
                      ? new Window(minute, size)
                      : new Window(minute, w.bytes() + size));
      if (window.bytes() > ingestBytesPerMinute) {
        response.setHeader(
            "Retry-After", Long.toString(60 - (System.currentTimeMillis() / 1000) % 60));
        ApiSecurityConfig.problem(
            response,
            HttpStatus.TOO_MANY_REQUESTS,
            "this caller sent more than "
                + ingestBytesPerMinute
                + " bytes of lineage events this minute; try again later");
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
              private long read;

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
