package dev.dragoman.ingest.rest;

import dev.dragoman.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.ingest.model.BatchProgress;
import dev.dragoman.ingest.service.BatchService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Tag(name = "Batches", description = "Live progress of NDJSON batches")
@Path("/api/v1/batches")
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {

    private final BatchService batches;

    public BatchResource(BatchService batches) {
        this.batches = batches;
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    @Operation(summary = "Where a batch's articles stand: accepted, tagged, indexed, failed, rate and ETA")
    public BatchProgress progress(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no batch with id '" + id + "' (ids are UUIDs)");
        }
        return batches.progress(uuid).orElseThrow(() -> ProblemException.notFound("no batch with id '" + id + "'"));
    }
}
