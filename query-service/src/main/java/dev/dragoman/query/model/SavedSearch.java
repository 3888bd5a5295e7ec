package dev.dragoman.query.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * A search kept under a name. With a webhook, every article indexed later that matches it is POSTed there (at least
 * once, in batches, retried until the webhook accepts).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SavedSearch(String id, String name, Spec query, String webhook,
                          @Schema(description = "The secret that signs this search's webhook deliveries (Standard "
                                  + "Webhooks: whsec_ and base64): in the answer that creates the search, never again")
                          String secret,
                          Instant createdAt, Instant deliveredUpTo, Instant lastDeliveryAt, String lastDeliveryError,
                          @Schema(description = "The subject that saved it: only it (and admins) see the search")
                          String owner) {

    /** The filters of /search, as a JSON object. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Spec(String q, List<String> entity, String entityMatch, String type, String from, String to,
                       String mentionedFrom, String mentionedTo, List<String> source, List<String> language) {
    }

    /** Who calls: the token's subject, and whether it is an admin (who sees every user's saved searches). */
    public record Caller(String subject, boolean admin) {
    }

    /** What a caller sends to save a search. */
    public record Request(@NotBlank(message = "name must not be empty") @Size(max = 200) String name,
                          @NotNull(message = "query is required (the filters of /search)") @Valid Spec query,
                          @Schema(description = "https URL (http where configured) that receives new matches, "
                                  + "signed; never an internal address") @Size(max = 2048) String webhook) {
    }

    public SavedSearch delivered(Instant upTo, Instant at, String error) {
        return new SavedSearch(id, name, query, webhook, secret, createdAt, upTo, at, error, owner);
    }

    /** What every answer but the creating one shows: the signing secret is given once. */
    public SavedSearch withoutSecret() {
        return new SavedSearch(id, name, query, webhook, null, createdAt, deliveredUpTo, lastDeliveryAt,
                lastDeliveryError, owner);
    }

    /** Whether this caller may see (and delete) the search: its owner, or an admin. */
    public boolean visibleTo(Caller caller) {
        return caller.admin() || (owner != null && owner.equals(caller.subject()));
    }
}
