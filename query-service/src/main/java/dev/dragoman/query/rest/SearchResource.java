package dev.dragoman.query.rest;

import dev.dragoman.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.dragoman.common.problem.Parameters;
import dev.dragoman.query.config.QueryConfig;
import dev.dragoman.query.model.SearchPage;
import dev.dragoman.query.model.Timeline;
import dev.dragoman.query.model.StoryList;
import dev.dragoman.query.service.SearchService;
import dev.dragoman.query.service.StoryQueries;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.Arrays;
import java.util.List;

@Tag(name = "Search", description = "Full-text and entity search, timelines")
@RateLimited(dev.dragoman.query.service.RateLimiter.Kind.SEARCH)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    private static final int MAX_FACET_SIZE = 1000;

    private final SearchService search;
    private final StoryQueries stories;
    private final QueryConfig config;

    public SearchResource(SearchService search, StoryQueries stories, QueryConfig config) {
        this.search = search;
        this.stories = stories;
        this.config = config;
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/search")
    @Operation(summary = "Search articles", description = "Full text, entity, type, date, mentioned-date and source "
            + "filters; sort by relevance or date; highlights; facets; cursor paging without a result limit.")
    public SearchPage search(
            @BeanParam FilterParams filter,
            @Parameter(description = "relevance (default with q), newest (default without) or oldest")
            @QueryParam("sort") String sort,
            @Parameter(description = "page size, 1 to the configured maximum (100)", schema = @Schema(type = SchemaType.INTEGER, 
                    minimum = "1", maximum = "100", defaultValue = "10")) @QueryParam("size") String size,
            @Parameter(description = "nextCursor of the previous page; the other parameters must stay the same")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "facets to count: people, organizations, places, misc, sources, dates "
                    + "(comma-separated or repeated)") @QueryParam("facets") List<String> facets,
            @Parameter(description = "values per facet", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "1000", defaultValue = "10")) @QueryParam("facetSize") String facetSize,
            @Parameter(description = "bucket of the dates facet: day, week, month (default) or year")
            @QueryParam("interval") String interval) {
        return search.search(filter.toFilter(), sort,
                Parameters.intInRange("size", size, config.defaultPageSize(), 1, config.maxPageSize()),
                FilterParams.blankToNull(cursor), splitList(facets),
                Parameters.intInRange("facetSize", facetSize, 10, 1, MAX_FACET_SIZE), interval);
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/timeline")
    @Operation(summary = "Articles per day, week, month or year for any search (same filters as /search)")
    public Timeline timeline(@BeanParam FilterParams filter, @QueryParam("interval") String interval) {
        return search.timeline(filter.toFilter(), interval);
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/stories")
    @Operation(summary = "Stories: articles about the same event grouped", description = "The largest stories among "
            + "the articles the filters select (same filters as /search); each article's storyId is in search results.")
    public StoryList stories(@BeanParam FilterParams filter,
                             @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000",
                                     defaultValue = "20")) @QueryParam("size") String size,
                             @Parameter(description = "smallest story to list", schema = @Schema(type = SchemaType.INTEGER,
                                     minimum = "1", defaultValue = "2")) @QueryParam("minArticles") String minArticles) {
        return stories.stories(filter.toFilter(), Parameters.intInRange("size", size, 20, 1, 1000),
                Parameters.intInRange("minArticles", minArticles, 2, 1, 1_000_000));
    }

    static List<String> splitList(List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                .filter(v -> !v.isEmpty()).distinct().toList();
    }
}
