package dev.devd.status;

import com.sun.net.httpserver.Headers;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the requests of one HTTP/1.1 connection, one after the other, each as a {@link
 * BlockingExchange} that answers on the same connection; a request it cannot read is answered 400
 * (or 501) and ends the connection.
 */
final class ExchangeReader {
  // Far more than the status page's requests need (a browser's head is about 1 kB); a larger one is
  // refused.
  private static final int MAX_HEAD = 64 * 1024;

  private final InputStream in;
  private final OutputStream out;
  private final InetSocketAddress local;
  private final InetSocketAddress remote;

  ExchangeReader(Socket socket) throws IOException {
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
    this.local = (InetSocketAddress) socket.getLocalSocketAddress();
    this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
  }

  /**
   * The next request, or null when the client closed the connection or sent what is not a request
   * (answered).
   */
  BlockingExchange next() throws IOException {
    String head = head();
    if (head == null) return null;
    String[] lines = head.split("\n");
    String[] requestLine = lines[0].split(" ");
    URI uri;
    try {
      if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1."))
        return refuse(400, "not an HTTP/1.1 request line");
      uri = new URI(requestLine[1]);
    } catch (URISyntaxException e) {
      return refuse(400, "cannot read the request's path: " + e.getMessage());
    }
    Headers headers = new Headers();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) return refuse(400, "not a header line: " + lines[i]);
      headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
    }
    if (headers.containsKey("Transfer-Encoding"))
      return refuse(501, "request bodies in chunks are not read here");
    long length;
    try {
      String declared = headers.getFirst("Content-Length");
      length = declared == null ? 0 : Long.parseLong(declared);
      if (length < 0) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      return refuse(400, "not a Content-Length: " + headers.getFirst("Content-Length"));
    }
    String connection = String.valueOf(headers.getFirst("Connection")).toLowerCase(Locale.ROOT);
    boolean keepAlive =
        requestLine[2].equals("HTTP/1.1")
            ? !connection.contains("close")
            : connection.contains("keep-alive");
    return new BlockingExchange(
        requestLine[0],
        uri,
        requestLine[2],
        headers,
        new BoundedInput(in, length),
        out,
        keepAlive,
        local,
        remote);
  }

  // The lines up to the empty line that ends a request's head, each ended by \n; null at the end of
  // the stream.
  private String head() throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() <= MAX_HEAD) {
      String line = line();
      if (line == null) return null;
      if (!line.isEmpty()) {
        head.append(line).append('\n');
      } else if (!head.isEmpty()) {
        return head.toString();
      }
      // An empty line before a request is allowed (RFC 9112 §2.2).
    }
    return null;
  }

  // One line without its \r\n (or \n), or null at the end of the stream.
  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0 || line.size() > MAX_HEAD) return null;
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  private BlockingExchange refuse(int status, String message) throws IOException {
    byte[] body = StatusJson.error(message).getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 "
                + status
                + " "
                + BlockingExchange.reason(status)
                + "\r\nContent-Type: application/json;"
                + " charset=utf-8\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    return null;
  }

  /** A request's body: exactly its Content-Length bytes of the connection. */
  static final class BoundedInput extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInput(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left == 0) return -1;
      int b = in.read();
      if (b >= 0) left--;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left == 0) return -1;
      int read = in.read(buffer, offset, (int) Math.min(length, left));
      if (read > 0) left -= read;
      return read;
    }

    /** Reads what the handler left, so that the next request starts where it should. */
    @Override
    public void close() throws IOException {
      while (left > 0 && skip(left) > 0) {
        // skip reads through read(byte[]), which counts down.
      }
    }

    boolean drained() {
      return left == 0;
    }
  }
}
