package dev.devd.status;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request read by {@link ExchangeReader} and its answer, written straight to the connection: a
 * body of known length with {@code Content-Length}, a streamed one (length 0) in HTTP chunks, each
 * write a chunk, as the JDK's server does.
 */
final class BlockingExchange extends HttpExchange {
  private static final byte[] CRLF = {'\r', '\n'};

  private final String method;
  private final URI uri;
  private final String protocol;
  private final Headers requestHeaders;
  private final Headers responseHeaders = new Headers();
  private final ExchangeReader.BoundedInput requestBody;
  private final OutputStream connection;
  private final boolean keepAlive;
  private final InetSocketAddress local;
  private final InetSocketAddress remote;
  private final Map<String, Object> attributes = new HashMap<>();
  private OutputStream responseBody = new NotYetSent();
  private int responseCode = -1;
  private boolean complete;

  BlockingExchange(
      String method,
      URI uri,
      String protocol,
      Headers requestHeaders,
      ExchangeReader.BoundedInput requestBody,
      OutputStream connection,
      boolean keepAlive,
      InetSocketAddress local,
      InetSocketAddress remote) {
    this.method = method;
    this.uri = uri;
    this.protocol = protocol;
    this.requestHeaders = requestHeaders;
    this.requestBody = requestBody;
    this.connection = connection;
    this.keepAlive = keepAlive;
    this.local = local;
    this.remote = remote;
  }

  @Override
  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return uri;
  }

  @Override
  public String getRequestMethod() {
    return method;
  }

  /** Not served through contexts: there is one handler. */
  @Override
  public HttpContext getHttpContext() {
    throw new UnsupportedOperationException("devd's status server has no contexts");
  }

  @Override
  public InputStream getRequestBody() {
    return requestBody;
  }

  @Override
  public OutputStream getResponseBody() {
    return responseBody;
  }

  @Override
  public void sendResponseHeaders(int code, long length) throws IOException {
    if (responseCode != -1) throw new IOException("the headers of this answer were sent already");
    responseCode = code;
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
    boolean noBody = length == -1 || code == 204 || code == 304 || code < 200;
    if (noBody) {
      if (code >= 200 && code != 204 && code != 304) head.append("Content-Length: 0\r\n");
      responseBody = new FixedLength(connection, 0);
    } else if (length == 0) {
      head.append("Transfer-Encoding: chunked\r\n");
      responseBody = new Chunked(connection);
    } else {
      head.append("Content-Length: ").append(length).append("\r\n");
      responseBody = new FixedLength(connection, length);
    }
    if (!keepAlive) head.append("Connection: close\r\n");
    for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
      for (String value : header.getValue())
        head.append(header.getKey()).append(": ").append(value).append("\r\n");
    }
    head.append("\r\n");
    connection.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (noBody || length == 0) connection.flush();
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return remote;
  }

  @Override
  public int getResponseCode() {
    return responseCode;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return local;
  }

  @Override
  public String getProtocol() {
    return protocol;
  }

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    attributes.put(name, value);
  }

  /** Not supported: the streams are the connection's. */
  @Override
  public void setStreams(InputStream in, OutputStream out) {
    throw new UnsupportedOperationException("devd's status server does not filter its streams");
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return null;
  }

  /** Ends the answer (the last chunk of a streamed one) and reads what is left of the request. */
  @Override
  public void close() {
    if (complete) return;
    complete = true;
    try {
      requestBody.close();
      responseBody.close();
      connection.flush();
    } catch (IOException clientGone) {
      responseCode = -1;
    }
  }

  /** Closes this exchange; whether the connection can carry the next request. */
  boolean finish() {
    close();
    boolean answered = responseCode != -1 && !(responseBody instanceof NotYetSent);
    boolean whole = !(responseBody instanceof FixedLength fixed) || fixed.left == 0;
    return keepAlive && answered && whole && requestBody.drained();
  }

  static String reason(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 303 -> "See Other";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      default -> "Status " + code;
    };
  }

  // What getResponseBody gives before the headers are sent: the JDK's server also needs the headers
  // first.
  private static final class NotYetSent extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      throw new IOException("send the headers before the body");
    }
  }

  private static final class FixedLength extends OutputStream {
    private final OutputStream connection;
    private long left;

    FixedLength(OutputStream connection, long length) {
      this.connection = connection;
      this.left = length;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (length > left) throw new IOException("more bytes than the Content-Length of the answer");
      connection.write(bytes, offset, length);
      left -= length;
    }

    @Override
    public void flush() throws IOException {
      connection.flush();
    }
  }

  private static final class Chunked extends OutputStream {
    private final OutputStream connection;
    private boolean ended;

    Chunked(OutputStream connection) {
      this.connection = connection;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (ended) throw new IOException("the answer has ended");
      if (length == 0) return;
      connection.write(Integer.toHexString(length).getBytes(StandardCharsets.ISO_8859_1));
      connection.write(CRLF);
      connection.write(bytes, offset, length);
      connection.write(CRLF);
    }

    @Override
    public void flush() throws IOException {
      connection.flush();
    }

    @Override
    public void close() throws IOException {
      if (ended) return;
      ended = true;
      connection.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      connection.flush();
    }
  }
}
