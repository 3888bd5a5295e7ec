package dev.dragoman.query.rest;

import dev.dragoman.query.model.ArticleFilter;
import dev.dragoman.query.model.SavedSearch;
import dev.dragoman.query.service.FilterParser;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.OffsetDateTime;
import java.util.List;

/** The filter parameters shared by /search, /timeline and /export, read and checked in one place. */
public class FilterParams {

    @QueryParam("q")
    @Parameter(description = "full text: words (all must match), \"phrases\", -excluded, a | b, prefix*")
    public String q;

    @QueryParam("entity")
    @Parameter(description = "entity id or any alias; repeatable")
    public List<String> entity;

    @QueryParam("entityMatch")
    @Parameter(description = "all (default): every entity must be mentioned; any: at least one")
    public String entityMatch;

    @QueryParam("type")
    @Parameter(description = "only articles mentioning an entity of this type: PERSON, ORGANIZATION, LOCATION, MISC")
    public String type;

    @QueryParam("from")
    @Parameter(description = "published on or after: YYYY-MM-DD or ISO date-time")
    public String from;

    @QueryParam("to")
    @Parameter(description = "published on or before: YYYY-MM-DD (the whole day) or ISO date-time")
    public String to;

    @QueryParam("mentionedDate")
    @Parameter(description = "articles that mention this calendar date (YYYY-MM-DD)")
    public String mentionedDate;

    @QueryParam("mentionedFrom")
    public String mentionedFrom;

    @QueryParam("mentionedTo")
    public String mentionedTo;

    @QueryParam("language")
    @Parameter(description = "ISO 639-1 language code (en, ru, uk, ...); repeatable (any matches)")
    public List<String> language;

    @QueryParam("source")
    @Parameter(description = "source name; repeatable (any matches)")
    public List<String> source;

    public ArticleFilter toFilter() {
        return FilterParser.parse(toSpec());
    }

    public SavedSearch.Spec toSpec() {
        if (mentionedDate != null && !mentionedDate.isBlank()) {
            String day = FilterParser.day("mentionedDate", mentionedDate).toString();
            return new SavedSearch.Spec(q, entity, entityMatch, type, from, to, day, day, source, language);
        }
        return new SavedSearch.Spec(q, entity, entityMatch, type, from, to, mentionedFrom, mentionedTo, source, language);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static OffsetDateTime dateTime(String name, String value, boolean endOfDay) {
        return FilterParser.dateTime(name, value, endOfDay);
    }
}
