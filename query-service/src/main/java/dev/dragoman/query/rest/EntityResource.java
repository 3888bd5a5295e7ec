package dev.dragoman.query.rest;

import dev.dragoman.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.dragoman.common.problem.Parameters;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.query.model.ArticleFilter;
import dev.dragoman.query.model.Cooccurrences;
import dev.dragoman.query.model.EntityList;
import dev.dragoman.query.model.EntityProfile;
import dev.dragoman.query.model.Timeline;
import dev.dragoman.query.service.EntityService;
import dev.dragoman.query.service.QuoteEventService;
import dev.dragoman.query.service.SearchService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;

@Tag(name = "Entities", description = "Entity suggestions, profiles, co-occurrence, timelines")
@RateLimited(dev.dragoman.query.service.RateLimiter.Kind.SEARCH)
@Path("/api/v1/entities")
@Produces(MediaType.APPLICATION_JSON)
public class EntityResource {

    private static final int MAX_SIZE = 500;

    private static final int RECENT_QUOTES = 5;

    private final EntityService entities;
    private final SearchService search;
    private final QuoteEventService quotes;

    public EntityResource(EntityService entities, SearchService search, QuoteEventService quotes) {
        this.entities = entities;
        this.search = search;
        this.quotes = quotes;
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Operation(summary = "Find entities", description = "Entities one of whose names or aliases has words starting "
            + "with q, with their aliases and the number of articles that mention them.")
    public EntityList find(@QueryParam("q") String q, @QueryParam("type") String type, @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "20"))
                           @QueryParam("size") String size) {
        return entities.find(q, FilterParams.blankToNull(type), Parameters.intInRange("size", size, 20, 1, MAX_SIZE));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    @ConditionalGet
    @Operation(summary = "Entity profile", description = "Name, type, aliases, article count, first and last seen, "
            + "the entities most often mentioned with it, its latest quotations.")
    public EntityProfile profile(@PathParam("id") String id, @Parameter(schema = @Schema(type = SchemaType.INTEGER,
            minimum = "1", maximum = "500", defaultValue = "10")) @QueryParam("top") String top) {
        EntityProfile profile = entities.profile(id, Parameters.intInRange("top", top, 10, 1, MAX_SIZE))
                .orElseThrow(() -> unknown(id));
        return profile.withRecentQuotes(quotes.quotes(id, null, null, null, RECENT_QUOTES, null).items());
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}/cooccurrences")
    @Operation(summary = "Entities significantly associated with this one",
            description = "Scored against the whole index (not raw counts), by type and publication date range.")
    public Cooccurrences cooccurrences(@PathParam("id") String id, @QueryParam("type") String type,
                                       @QueryParam("from") String from, @QueryParam("to") String to,
                                       @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                                               maximum = "500", defaultValue = "20")) @QueryParam("size") String size) {
        OffsetDateTime fromDate = FilterParams.dateTime("from", from, false);
        OffsetDateTime toDate = FilterParams.dateTime("to", to, true);
        return entities.cooccurrences(id, FilterParams.blankToNull(type), fromDate, toDate,
                Parameters.intInRange("size", size, 20, 1, MAX_SIZE)).orElseThrow(() -> unknown(id));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}/timeline")
    @Operation(summary = "Articles mentioning the entity per day, week, month or year")
    public Timeline entityTimeline(@PathParam("id") String id, @QueryParam("interval") String interval) {
        Timeline timeline = search.timeline(ArticleFilter.all().withEntity(id), interval);
        if (timeline.total() == 0 && entities.profile(id, 1).isEmpty()) {
            throw unknown(id);
        }
        return timeline;
    }

    private static ProblemException unknown(String id) {
        return ProblemException.notFound("no indexed article mentions an entity with id '" + id + "'");
    }
}
