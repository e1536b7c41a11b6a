package org.canal.signaling.impl;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.canal.signaling.AuditLog;
import org.canal.signaling.AuditRecord;

/**
 * Appends audit records to a file, one JSON line each, flushed per line. File I/O blocks, so it runs
 * on one writer thread of its own: callers (event loops) only queue the line, and one thread keeps
 * the lines in the order they were queued. The queue is bounded: if the disk stalls and it fills,
 * further records are dropped and counted rather than piling up in memory; the count is logged.
 */
public final class FileAuditLog implements AuditLog {
    private static final System.Logger LOG = System.getLogger(FileAuditLog.class.getName());
    static final int MAX_QUEUED = 10_000;

    private final Path file;
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();
    /** Only the writer thread touches it. */
    private Writer out;
    private boolean failureLogged;

    public FileAuditLog(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED), r -> {
            Thread t = new Thread(r, "canal-audit-writer");
            t.setDaemon(true);
            return t;
        }, (task, executor) -> {
            throw new RejectedExecutionException();
        });
    }

    @Override
    public void write(AuditRecord record) {
        String line = record.toJsonLine() + '\n';
        try {
            writer.execute(() -> append(line));
        } catch (RejectedExecutionException e) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.log(System.Logger.Level.WARNING, "audit log queue full or closed; {0} records dropped", n);
            }
        }
    }

    /** Records dropped because the queue was full or the log closed. */
    public long dropped() {
        return dropped.get();
    }

    private void append(String line) {
        try {
            if (out == null) {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            }
            out.write(line);
            out.flush();
            failureLogged = false;
        } catch (IOException e) {
            dropped.incrementAndGet();
            if (!failureLogged) {
                failureLogged = true; // once per run of failures: a full disk must not flood the node's log
                LOG.log(System.Logger.Level.WARNING, "cannot append to the audit log {0}: {1}", file, e.toString());
            }
            closeQuietly();
        }
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the next record opens it again
            }
            out = null;
        }
    }

    @Override
    public Future<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            writer.execute(() -> {
                closeQuietly();
                done.complete(null);
            });
        } catch (RejectedExecutionException e) {
            done.complete(null); // already closed
        }
        writer.shutdown();
        return Future.fromCompletionStage(done);
    }
}
