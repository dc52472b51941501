package ai.composo.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A raw socket server on 127.0.0.1 that reads one request and never answers; it notices when the client
 * closes the connection, which is how a cancelled HTTP exchange shows on the wire.
 */
public final class StallingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final CountDownLatch received = new CountDownLatch(1);
    private final CountDownLatch clientClosed = new CountDownLatch(1);
    private final Thread thread;

    public StallingServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::run, "stalling-server");
        thread.setDaemon(true);
        thread.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    public boolean awaitRequest(long seconds) throws InterruptedException {
        return received.await(seconds, TimeUnit.SECONDS);
    }

    public boolean awaitClientClose(long seconds) throws InterruptedException {
        return clientClosed.await(seconds, TimeUnit.SECONDS);
    }

    private void run() {
        try (Socket s = socket.accept(); InputStream in = s.getInputStream()) {
            byte[] buf = new byte[8192];
            int n;
            boolean first = true;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0 && first) {
                    received.countDown();
                    first = false;
                }
            }
            clientClosed.countDown();
        } catch (IOException e) {
            clientClosed.countDown(); // reset by the client counts as closed too
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        thread.interrupt();
    }
}
