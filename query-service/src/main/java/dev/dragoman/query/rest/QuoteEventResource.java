package dev.dragoman.query.rest;

import dev.dragoman.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.dragoman.common.problem.Parameters;
import dev.dragoman.query.model.EventPage;
import dev.dragoman.query.model.QuotePage;
import dev.dragoman.query.service.FilterParser;
import dev.dragoman.query.service.QuoteEventService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(name = "Quotes and events", description = "Who said what; who met whom, where and when")
@RateLimited(dev.dragoman.query.service.RateLimiter.Kind.SEARCH)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class QuoteEventResource {

    private final QuoteEventService service;

    public QuoteEventResource(QuoteEventService service) {
        this.service = service;
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/quotes")
    @Operation(summary = "Quotations", description = "By speaker (entity id or alias), words in the quote, and the "
            + "article's publication date range.")
    public QuotePage quotes(@QueryParam("speaker") String speaker, @QueryParam("q") String q,
                            @QueryParam("from") String from, @QueryParam("to") String to,
                            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100",
                                    defaultValue = "10")) @QueryParam("size") String size,
                            @QueryParam("cursor") String cursor) {
        return service.quotes(FilterParams.blankToNull(speaker), FilterParams.blankToNull(q),
                FilterParser.dateTime("from", from, false), FilterParser.dateTime("to", to, true),
                Parameters.intInRange("size", size, 10, 1, 100), FilterParams.blankToNull(cursor));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/events")
    @Operation(summary = "Meetings, talks, visits and calls", description = "By participant (entity id or alias), "
            + "place, type (MEETING, TALKS, VISIT, CALL) and the event's own date range (from, to: YYYY-MM-DD).")
    public EventPage events(@QueryParam("entity") String entity, @QueryParam("place") String place,
                            @QueryParam("type") String type, @QueryParam("from") String from,
                            @QueryParam("to") String to,
                            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100",
                                    defaultValue = "10")) @QueryParam("size") String size,
                            @QueryParam("cursor") String cursor) {
        return service.events(FilterParams.blankToNull(entity), FilterParams.blankToNull(place),
                FilterParams.blankToNull(type), FilterParser.day("from", from), FilterParser.day("to", to),
                Parameters.intInRange("size", size, 10, 1, 100), FilterParams.blankToNull(cursor));
    }
}
