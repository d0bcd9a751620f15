package dev.devd.status;

import com.sun.net.httpserver.HttpExchange;
import dev.devd.console.ResourceLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A small blocking HTTP/1.1 server for the status page: one virtual thread accepts, and each
 * connection is read and answered on a virtual thread of its own, one request after the other, by a
 * handler written for the JDK's {@link HttpExchange}.
 *
 * <p>Why not the JDK's {@code HttpServer}: its dispatcher thread wakes once a second ({@code
 * select(1000)} is fixed in it), which was half of devd's CPU while nothing happens (measured with
 * scripts/bench). A virtual thread blocked in {@code accept} or {@code read} waits in the JDK's
 * poller without any timer, so an idle server costs no CPU at all.
 */
final class ConnectionServer implements AutoCloseable {
  // A connection that sends no request for this long is closed: the JDK's server did the same for
  // idle connections.
  private static final int IDLE_MILLIS = 60_000;

  private final ServerSocket listener;
  private Consumer<HttpExchange> handler;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private ConnectionServer(ServerSocket listener) {
    this.listener = listener;
  }

  /**
   * Listens on {@code address} (a {@link java.net.BindException} when it is taken); connections
   * wait until {@link #start} is called.
   */
  static ConnectionServer bind(InetSocketAddress address) throws IOException {
    ServerSocket listener = new ServerSocket();
    try {
      listener.bind(address, 50);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    return new ConnectionServer(listener);
  }

  /** Serves every request with {@code handler}, from now on. */
  void start(Consumer<HttpExchange> handler) {
    this.handler = handler;
    threads.execute(this::accept);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        open.add(socket);
        threads.execute(() -> serve(socket));
      } catch (RejectedExecutionException closed) {
        return;
      } catch (IOException e) {
        if (listener.isClosed()) return;
        // Out of file descriptors, say: the JDK's server also keeps accepting; the pause keeps this
        // from spinning.
        ResourceLog.devd().debug("status server: cannot accept a connection", e);
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(IDLE_MILLIS);
      ExchangeReader reader = new ExchangeReader(socket);
      while (true) {
        BlockingExchange exchange = reader.next();
        if (exchange == null) return;
        handler.accept(exchange);
        if (!exchange.finish()) return;
      }
    } catch (SocketException | SocketTimeoutException gone) {
      // The client went away, was idle too long, or the server stopped.
    } catch (IOException e) {
      // Nothing to answer: the connection is closed below.
    } finally {
      open.remove(socket);
    }
  }

  /** Stops accepting, closes every connection (ending followed streams) and frees the port. */
  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // Closing a listening socket only fails when it is closed already.
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Already closed.
      }
    }
    threads.shutdownNow();
  }
}
