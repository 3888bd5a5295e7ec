package dev.dragoman.query.rest;

import dev.dragoman.common.problem.Parameters;
import dev.dragoman.query.model.EntityList;
import dev.dragoman.query.service.EntityService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/entities")
@Produces(MediaType.APPLICATION_JSON)
public class EntityResource {

    private static final int MAX_SIZE = 500;

    private final EntityService entities;

    public EntityResource(EntityService entities) {
        this.entities = entities;
    }

    @GET
    @Operation(summary = "Find entities", description = "Entities whose name or an alias starts with q, "
            + "with their aliases and the number of articles that mention them.")
    public EntityList find(@QueryParam("q") String q, @QueryParam("type") String type,
                           @QueryParam("size") String size) {
        return entities.find(q, SearchResource.blankToNull(type), Parameters.intInRange("size", size, 20, 1, MAX_SIZE));
    }
}
