package dev.dragoman.nlp.rest;

import dev.dragoman.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.dragoman.common.problem.Parameters;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.nlp.model.Curation;
import dev.dragoman.common.api.KbChanges;
import dev.dragoman.nlp.model.KnownEntity;
import dev.dragoman.nlp.service.KnowledgeBase;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The knowledge base of entities: what was learnt from articles, and curation (aliases, merges, splits). */
@Tag(name = "Knowledge base", description = "Canonical entities, their names, merges and splits")
@Path("/api/v1/entities")
@Produces(MediaType.APPLICATION_JSON)
public class EntityResource {

    private final KnowledgeBase knowledgeBase;

    @jakarta.inject.Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    /** Who curates: the token's subject, recorded in the curation log. */
    private String actor() {
        return identity.getPrincipal().getName();
    }

    public EntityResource(KnowledgeBase knowledgeBase) {
        this.knowledgeBase = knowledgeBase;
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Operation(summary = "Find entities by a name prefix", description = "Entities one of whose names has a word "
            + "starting with q (or whose id is q), most-mentioned first; merged entities are left out.")
    public List<KnownEntity> findEntities(@QueryParam("q") String q, @QueryParam("type") String type,
                                          @QueryParam("limit") String limit) {
        return knowledgeBase.search(q, type == null || type.isBlank() ? null : Parameters.entityType(type),
                Parameters.intInRange("limit", limit, 20, 1, 100));
    }

    // readers, and ingest-service's own identity (annotator), which tags the articles concerned again
    @RolesAllowed({Roles.READER, Roles.ANNOTATOR})
    @GET
    @Path("/changes")
    @Operation(summary = "Names and entities that changed since a moment", description = "Names that gained an "
            + "entity (learnt or curated), curated or removed names, and merged entities, since the given instant "
            + "(ISO-8601, e.g. 2025-03-03T10:15:30Z), with the articles (ids given to annotate) that used one of "
            + "those names. Articles that mention them may link differently now and can be sent through annotate "
            + "again; ask next time with since = the answer's until, which lies before any change not yet committed.")
    public KbChanges changes(@QueryParam("since") String since) {
        if (since == null || since.isBlank()) {
            throw ProblemException.badRequest("Invalid parameter", "since (an ISO-8601 instant) is required");
        }
        try {
            return knowledgeBase.changes(Instant.parse(since.strip()));
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("Invalid parameter", "since must be an ISO-8601 instant such as "
                    + "2025-03-03T10:15:30Z, not '" + since + "'");
        }
    }

    @RolesAllowed(Roles.CURATOR)
    @GET
    @Path("/curation")
    @Operation(summary = "The curation log: who created, aliased, merged or split which entity, and when",
            description = "Newest first; since (ISO-8601 instant) and size (1-1000, default 100) narrow it.")
    public java.util.List<dev.dragoman.nlp.model.CurationEvent> curationLog(@QueryParam("since") String since,
                                                                            @QueryParam("size") String size) {
        Instant from;
        try {
            from = since == null || since.isBlank() ? Instant.EPOCH : Instant.parse(since.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("Invalid parameter", "since must be an ISO-8601 instant such as "
                    + "2025-03-03T10:15:30Z, not '" + since + "'");
        }
        return knowledgeBase.curationLog(from, dev.dragoman.common.problem.Parameters.intInRange("size", size, 100,
                1, 1000));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    @Operation(summary = "One entity with all its names", description = "A merged entity names the one it was merged into.")
    public KnownEntity getEntity(@PathParam("id") String id) {
        return knowledgeBase.view(id);
    }

    @RolesAllowed(Roles.CURATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a curated entity", description = "Its id is derived from type and name "
            + "(person:sergey-lavrov); its name and aliases link mentions to it from now on.")
    public Response createEntity(@Valid @NotNull(message = "a JSON body is required") Curation.NewEntity request) {
        KnownEntity created = knowledgeBase.create(request, actor());
        return Response.created(URI.create("/api/v1/entities/" + created.id())).entity(created).build();
    }

    @RolesAllowed(Roles.CURATOR)
    @POST
    @Path("/{id}/aliases")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a curated alias", description = "Mentions with this name link to the entity from now on.")
    public KnownEntity addAlias(@PathParam("id") String id,
                                @Valid @NotNull(message = "a JSON body is required") Curation.NewAlias request) {
        return knowledgeBase.addAlias(id, request.alias(), actor());
    }

    @RolesAllowed(Roles.CURATOR)
    @DELETE
    @Path("/{id}/aliases/{alias}")
    @Operation(summary = "Remove an alias", description = "The name no longer links to the entity, and what later "
            + "articles teach does not bring it back.")
    public KnownEntity removeAlias(@PathParam("id") String id, @PathParam("alias") String alias) {
        return knowledgeBase.removeAlias(id, alias, actor());
    }

    @RolesAllowed(Roles.CURATOR)
    @POST
    @Path("/{id}/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Merge this entity into another", description = "Mentions of this entity link to the other "
            + "from now on; the answer is the entity that remains.")
    public KnownEntity mergeEntity(@PathParam("id") String id,
                                   @Valid @NotNull(message = "a JSON body is required") Curation.Merge request) {
        return knowledgeBase.merge(id, request.into(), actor());
    }

    @RolesAllowed(Roles.CURATOR)
    @POST
    @Path("/{id}/split")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Split names off this entity", description = "The aliases go to the named entity (created "
            + "if needed) and no longer link here; the answer is that entity.")
    public Response splitEntity(@PathParam("id") String id,
                                @Valid @NotNull(message = "a JSON body is required") Curation.Split request) {
        KnownEntity created = knowledgeBase.split(id, request, actor());
        return Response.status(201).location(URI.create("/api/v1/entities/" + created.id())).entity(created).build();
    }
}
