package dev.dragoman.query.repository;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one translation: a client's IOException becomes "Elasticsearch unreachable"; anything else passes as it is. */
class ElasticTest {

    @Test
    void anIOExceptionBecomesUnreachable() {
        ConnectException refused = new ConnectException("Connection refused");
        UncheckedIOException call = assertThrows(UncheckedIOException.class, () -> Elastic.call(() -> {
            throw refused;
        }));
        assertSame(refused, call.getCause());
        assertEquals("Elasticsearch unreachable: Connection refused", call.getMessage());
        UncheckedIOException run = assertThrows(UncheckedIOException.class, () -> Elastic.run(() -> {
            throw new IOException("closed");
        }));
        assertEquals("Elasticsearch unreachable: closed", run.getMessage());
    }

    @Test
    void answersAndOtherFailuresPassThrough() {
        assertEquals("answer", Elastic.call(() -> "answer"));
        IllegalStateException refusal = new IllegalStateException("refused by Elasticsearch");
        assertSame(refusal, assertThrows(IllegalStateException.class, () -> Elastic.run(() -> {
            throw refusal;
        })));
    }
}
