package dev.dragoman.ingest.rest;

import dev.dragoman.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.ingest.model.SourceRequest;
import dev.dragoman.ingest.model.SourceView;
import dev.dragoman.ingest.service.SourceService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Tag(name = "Sources", description = "Feeds, sitemaps and pages fetched on a schedule")
@Path("/api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
public class SourceResource {

    private final SourceService sources;

    public SourceResource(SourceService sources) {
        this.sources = sources;
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a source", description = "{type: rss|atom|sitemap|page, url, interval, name, "
            + "language?}. The URL is checked by the address guard first: 400 'refused' for loopback, link-local, "
            + "private and other special addresses. The source is fetched at once, then every interval.")
    public Response registerSource(SourceRequest request) {
        SourceView view = sources.register(request);
        return Response.status(Response.Status.CREATED).header("Location", "/api/v1/sources/" + view.id())
                .entity(view).build();
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Operation(summary = "The registered sources")
    public SourceView.Page listSources() {
        return sources.list();
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    @Operation(summary = "A source and its health", description = "Last and next fetch, items seen, articles "
            + "accepted, last error, consecutive failures, average delay from publication to INDEXED.")
    public SourceView getSource(@PathParam("id") String id) {
        return sources.view(parseId(id));
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    @Path("/{id}/pause")
    @Operation(summary = "Stop fetching a source until it is resumed")
    public SourceView pauseSource(@PathParam("id") String id) {
        return sources.pause(parseId(id), true);
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    @Path("/{id}/resume")
    @Operation(summary = "Fetch a paused source again (at once, then every interval)")
    public SourceView resumeSource(@PathParam("id") String id) {
        return sources.pause(parseId(id), false);
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    @Path("/{id}/fetch")
    @Operation(summary = "Fetch a source now", description = "202: the source is due now; one replica fetches it "
            + "within moments (GET the source to see the result).")
    public Response fetchSource(@PathParam("id") String id) {
        return Response.accepted(sources.fetchNow(parseId(id))).build();
    }

    @RolesAllowed(Roles.WRITER)
    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a source", description = "Its articles stay.")
    public Response deleteSource(@PathParam("id") String id) {
        sources.delete(parseId(id));
        return Response.noContent().build();
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no source with id '" + id + "' (ids are UUIDs)");
        }
    }
}
