package dev.dragoman.ingest.service;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A bulk's recording is tried again when PostgreSQL made it a deadlock's victim, and only then. */
class DeadlockRetryTest {

    private static RuntimeException wrapped(String sqlState) {
        return new IllegalStateException("JDBC exception executing SQL",
                new RuntimeException(new SQLException("ERROR: deadlock detected", sqlState)));
    }

    @Test
    void aDeadlockVictimIsTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        String result = ArticlePipeline.retryingDeadlocks(() -> {
            if (calls.incrementAndGet() < 3) {
                throw wrapped("40P01");
            }
            return "recorded";
        });
        assertEquals("recorded", result);
        assertEquals(3, calls.get());
    }

    @Test
    void otherFailuresAndAThirdDeadlockAreNotHidden() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> ArticlePipeline.retryingDeadlocks(() -> {
            calls.incrementAndGet();
            throw wrapped("23505");
        }));
        assertEquals(1, calls.get());
        calls.set(0);
        assertThrows(IllegalStateException.class, () -> ArticlePipeline.retryingDeadlocks(() -> {
            calls.incrementAndGet();
            throw wrapped("40P01");
        }));
        assertEquals(3, calls.get());
    }
}
