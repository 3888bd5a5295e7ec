package dev.dragoman.e2e;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP/1.1 POST over a plain socket whose body is written (chunked) by another thread while the answer is read:
 * a streaming endpoint answers the first lines of a batch while the rest is still arriving, and a client that reads
 * the answer only once it has sent everything (java.net.http's, HttpURLConnection) can block both sides.
 */
final class StreamingPost implements AutoCloseable {

    /** Writes the request body; the stream is chunked on the wire, and closing it ends the body, not the socket. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Socket socket;
    private final CompletableFuture<Void> sent;
    private final int status;
    private final InputStream answer;

    StreamingPost(String url, String contentType, Duration readTimeout, Body body) throws IOException {
        URI uri = URI.create(url);
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout((int) readTimeout.toMillis());
        OutputStream wire = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        wire.write(("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: " + contentType
                + "\r\nAuthorization: " + dev.dragoman.local.testing.Auth.bearer("writer")
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        sent = CompletableFuture.runAsync(() -> {
            try (OutputStream chunks = new BufferedOutputStream(new ChunkedOutputStream(wire), 256 * 1024)) {
                body.writeTo(chunks);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        String statusLine = readLine(in);
        status = Integer.parseInt(statusLine.split(" ")[1]);
        boolean chunked = false;
        for (String header; !(header = readLine(in)).isEmpty(); ) {
            String lower = header.toLowerCase(Locale.ROOT);
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        answer = chunked ? new ChunkedInputStream(in) : in;
    }

    int status() {
        return status;
    }

    /** The answer's body, de-chunked, as it arrives. */
    InputStream answer() {
        return answer;
    }

    /** Waits until the whole request body was written (rethrows what writing it threw). */
    void awaitSent() {
        sent.join();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of the answer's head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** HTTP/1.1 chunked transfer coding, written: every write is one chunk; close writes the last chunk. */
    private static final class ChunkedOutputStream extends OutputStream {
        private final OutputStream out;

        ChunkedOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, off, len);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    /** HTTP/1.1 chunked transfer coding, read. */
    private static final class ChunkedInputStream extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = readLine(in);
                int extension = size.indexOf(';');
                left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
                if (left == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers: none expected
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("connection closed in the middle of a chunk");
            }
            left -= n;
            if (left == 0) {
                readLine(in); // the CRLF after the chunk's data
            }
            return n;
        }
    }
}
