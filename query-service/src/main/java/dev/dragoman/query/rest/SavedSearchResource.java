package dev.dragoman.query.rest;

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

    public SavedSearchResource(AlertService alerts) {
        this.alerts = alerts;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Save a search", description = "query holds the filters of /search; with a webhook, new "
            + "matching articles are POSTed to it as {savedSearch, articles} (at least once).")
    public Response saveSearch(@Valid @NotNull(message = "a JSON body with name and query is required")
                           SavedSearch.Request request) {
        SavedSearch saved = alerts.create(request);
        return Response.created(URI.create("/api/v1/saved-searches/" + saved.id())).entity(saved).build();
    }

    @GET
    @Operation(summary = "All saved searches, with their delivery state")
    public List<SavedSearch> listSavedSearches() {
        return alerts.all();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One saved search")
    public SavedSearch getSavedSearch(@PathParam("id") String id) {
        return alerts.find(id).orElseThrow(() -> unknown(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a saved search (its alerts stop)")
    public Response deleteSavedSearch(@PathParam("id") String id) {
        if (!alerts.delete(id)) {
            throw unknown(id);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/matches")
    @Operation(summary = "Articles indexed since a time that match the saved search", description = "Oldest first; "
            + "since defaults to when the search was saved.")
    public SearchPage savedSearchMatches(@PathParam("id") String id, @QueryParam("since") String since,
                              @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100",
                                      defaultValue = "10")) @QueryParam("size") String size,
                              @QueryParam("cursor") String cursor) {
        OffsetDateTime from = FilterParser.dateTime("since", since, false);
        return alerts.matches(id, from == null ? null : from.toInstant(), Parameters.intInRange("size", size, 10, 1, 100),
                FilterParams.blankToNull(cursor)).orElseThrow(() -> unknown(id));
    }

    private static ProblemException unknown(String id) {
        return ProblemException.notFound("no saved search with id '" + id + "'");
    }
}
