package dev.dragoman.query.client;

import dev.dragoman.common.net.AddressGuard;
import dev.dragoman.common.net.HostResolver;
import dev.dragoman.common.net.PinnedHttpClient;
import dev.dragoman.query.config.QueryConfig;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Webhooks of saved searches: every URL goes through the {@link AddressGuard} when it is saved and again before
 * each delivery (DNS may have changed meanwhile), and the delivery connects only to the address just checked.
 */
@ApplicationScoped
public class WebhookClient {

    private static final Logger LOG = Logger.getLogger(WebhookClient.class);

    private final AddressGuard guard;
    private final PinnedHttpClient http;
    private final QueryConfig.Webhooks config;

    public WebhookClient(QueryConfig config, HostResolver resolver, Vertx vertx) {
        this.config = config.webhooks();
        this.guard = new AddressGuard(this.config.allowHttp(), this.config.allowList().orElse(List.of()), resolver);
        this.http = new PinnedHttpClient(vertx, this.config.connectTimeout());
    }

    /** A delivery that did not happen; the message is safe to show to the saved search's owner. */
    public static final class NotDelivered extends Exception {
        public NotDelivered(String message) {
            super(message);
        }
    }

    /** Checks a webhook URL, throwing {@link AddressGuard.Refused} with the reason when it may not be used. */
    public AddressGuard.Target check(String url) {
        return guard.check(url);
    }

    /**
     * POSTs a body with the given headers. What answered (a status, a closed port, a timeout) is logged, never put
     * in the exception, so that a webhook cannot be used to probe what is reachable from this service.
     */
    public void post(String url, Map<String, String> headers, byte[] body) throws NotDelivered {
        AddressGuard.Target target;
        try {
            target = guard.check(url);
        } catch (AddressGuard.Refused e) {
            throw new NotDelivered("refused: " + e.getMessage());
        }
        int status;
        try {
            status = http.post(target, headers, body, config.timeout());
        } catch (IOException e) {
            LOG.debugf("webhook %s not reached: %s", url, e.getMessage());
            throw new NotDelivered("not delivered: the webhook did not accept the delivery; it will be sent again");
        }
        if (status / 100 == 3) {
            throw new NotDelivered("refused: the webhook answered with a redirect, and redirects are not followed");
        }
        if (status / 100 != 2) {
            LOG.debugf("webhook %s answered HTTP %d", url, status);
            throw new NotDelivered("not delivered: the webhook did not accept the delivery; it will be sent again");
        }
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
