package dev.dragoman.query.rest;

import dev.dragoman.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.dragoman.common.problem.Parameters;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.query.model.SavedSearch;
import dev.dragoman.query.model.SearchPage;
import dev.dragoman.query.service.AlertService;
import dev.dragoman.query.service.FilterParser;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;

@Tag(name = "Saved searches", description = "Keep a search; be alerted (webhook) of new matches, or list them")
@Path("/api/v1/saved-searches")
@Produces(MediaType.APPLICATION_JSON)
public class SavedSearchResource {

    private final AlertService alerts;
    private final io.quarkus.security.identity.SecurityIdentity identity;

    public SavedSearchResource(AlertService alerts, io.quarkus.security.identity.SecurityIdentity identity) {
        this.alerts = alerts;
        this.identity = identity;
    }

    /** The caller: its subject owns what it saves; an admin sees every user's searches. */
    private SavedSearch.Caller caller() {
        return new SavedSearch.Caller(identity.getPrincipal().getName(), identity.hasRole(Roles.ADMIN));
    }

    @RolesAllowed(Roles.READER)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Save a search", description = "query holds the filters of /search; with a webhook, new "
            + "matching articles are POSTed to it as {savedSearch, articles} (at least once).")
    public Response saveSearch(@Valid @NotNull(message = "a JSON body with name and query is required")
                           SavedSearch.Request request) {
        SavedSearch saved = alerts.create(request, caller());
        return Response.created(URI.create("/api/v1/saved-searches/" + saved.id())).entity(saved).build();
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Operation(summary = "The caller's saved searches (an admin: everyone's), with their delivery state")
    public List<SavedSearch> listSavedSearches() {
        return alerts.all(caller());
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    @Operation(summary = "One saved search")
    public SavedSearch getSavedSearch(@PathParam("id") String id) {
        return alerts.find(id, caller()).orElseThrow(() -> unknown(id));
    }

    @RolesAllowed(Roles.READER)
    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a saved search (its alerts stop)")
    public Response deleteSavedSearch(@PathParam("id") String id) {
        if (!alerts.delete(id, caller())) {
            throw unknown(id);
        }
        return Response.noContent().build();
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}/matches")
    @Operation(summary = "Articles indexed since a time that match the saved search", description = "Oldest first; "
            + "since defaults to when the search was saved.")
    public SearchPage savedSearchMatches(@PathParam("id") String id, @QueryParam("since") String since,
                              @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100",
                                      defaultValue = "10")) @QueryParam("size") String size,
                              @QueryParam("cursor") String cursor) {
        OffsetDateTime from = FilterParser.dateTime("since", since, false);
        return alerts.matches(id, caller(), from == null ? null : from.toInstant(), Parameters.intInRange("size", size, 10, 1, 100),
                FilterParams.blankToNull(cursor)).orElseThrow(() -> unknown(id));
    }

    private static ProblemException unknown(String id) {
        return ProblemException.notFound("no saved search with id '" + id + "'");
    }
}
