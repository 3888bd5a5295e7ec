package dev.dragoman.query.service;

import dev.dragoman.query.repository.Elastic;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import dev.dragoman.common.api.Event;
import dev.dragoman.common.api.Quote;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.query.model.EventPage;
import dev.dragoman.query.model.QuotePage;
import dev.dragoman.query.model.StoredArticle;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Quotations by speaker and events by participant, place, type and date, read from the articles' nested quotes and
 * events (inner hits), newest article first, with cursor paging over articles.
 */
@ApplicationScoped
public class QuoteEventService {

    private static final int INNER = 20;

    private final ElasticsearchClient client;
    private final IndexAdmin index;
    private final EntityService entities;

    public QuoteEventService(ElasticsearchClient client, IndexAdmin index, EntityService entities) {
        this.client = client;
        this.index = index;
        this.entities = entities;
    }

    public QuotePage quotes(String speaker, String q, OffsetDateTime from, OffsetDateTime to, int size, String cursor) {
        List<Query> inner = new ArrayList<>();
        if (speaker != null) {
            Set<String> ids = entities.resolve(speaker);
            if (ids.isEmpty()) {
                return new QuotePage(0, List.of(), null);
            }
            inner.add(terms("quotes.speakerId", ids));
        }
        if (q != null) {
            inner.add(Query.of(b -> b.match(m -> m.field("quotes.text").query(q))));
        }
        String fingerprint = Integer.toHexString(Objects.hash("quotes", speaker, q, from, to));
        SearchResponse<StoredArticle> response = search("quotes", inner, from, to, size, cursor, fingerprint);
        List<QuotePage.Item> items = new ArrayList<>();
        for (Hit<StoredArticle> hit : page(response, size)) {
            StoredArticle article = hit.source();
            for (Hit<JsonData> quoteHit : hit.innerHits().get("quotes").hits().hits()) {
                Quote quote = quoteHit.source().to(Quote.class);
                items.add(new QuotePage.Item(article.id(), article.title(), article.publishedAt(), quote.speakerId(),
                        quote.speakerName(), quote.text()));
            }
        }
        return new QuotePage(response.hits().total().value(), items, next(response, size, fingerprint));
    }

    public EventPage events(String entity, String place, String type, LocalDate from, LocalDate to, int size,
                            String cursor) {
        List<Query> inner = new ArrayList<>();
        if (entity != null) {
            Set<String> ids = entities.resolve(entity);
            if (ids.isEmpty()) {
                return new EventPage(0, List.of(), null);
            }
            inner.add(terms("events.participants", ids));
        }
        if (place != null) {
            Set<String> ids = entities.resolve(place);
            if (ids.isEmpty()) {
                return new EventPage(0, List.of(), null);
            }
            inner.add(terms("events.placeId", ids));
        }
        if (type != null) {
            String value = eventType(type).name();
            inner.add(Query.of(b -> b.term(t -> t.field("events.type").value(value))));
        }
        DateRanges.add(inner, "events.date", from, true, to);
        String fingerprint = Integer.toHexString(Objects.hash("events", entity, place, type, from, to));
        SearchResponse<StoredArticle> response = search("events", inner, null, null, size, cursor, fingerprint);
        List<EventPage.Item> items = new ArrayList<>();
        for (Hit<StoredArticle> hit : page(response, size)) {
            StoredArticle article = hit.source();
            for (Hit<JsonData> eventHit : hit.innerHits().get("events").hits().hits()) {
                Event event = eventHit.source().to(Event.class);
                String sentence = article.body() == null || event.end() > article.body().length() ? null
                        : article.body().substring(event.start(), event.end());
                items.add(new EventPage.Item(article.id(), article.title(), article.publishedAt(), event.type().name(),
                        event.trigger(), event.participants(), event.placeId(), event.date(), sentence));
            }
        }
        return new EventPage(response.hits().total().value(), items, next(response, size, fingerprint));
    }

    static Event.Type eventType(String type) {
        try {
            return Event.Type.valueOf(type.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid parameter", "type must be MEETING, TALKS, VISIT or CALL; got '"
                    + type + "'");
        }
    }

    private SearchResponse<StoredArticle> search(String path, List<Query> inner, OffsetDateTime from,
                                                 OffsetDateTime to, int size, String cursorText, String fingerprint) {
        index.ensureIndex();
        Cursor cursor = cursorText == null ? null : Cursor.decode(cursorText, fingerprint);
        Query nested = Query.of(b -> b.nested(n -> n.path(path).query(q -> q.bool(o -> o.filter(inner)))
                .innerHits(h -> h.size(INNER).source(s -> s.fetch(true)))));
        List<Query> filters = new ArrayList<>(List.of(nested));
        DateRanges.add(filters, "publishedAt", from, true, to);
        Query root = Query.of(b -> b.bool(o -> o.filter(filters)));
        return Elastic.call(() -> client.search(s -> {
            s.index(index.alias()).query(root).size(size + 1).trackTotalHits(t -> t.enabled(true))
                    .source(src -> src.filter(f -> f.includes(path.equals("events")
                            ? List.of("id", "title", "publishedAt", "body") : List.of("id", "title", "publishedAt"))))
                    .sort(o -> o.field(f -> f.field("publishedAt").order(SortOrder.Desc).missing(FieldValue.of("_last"))))
                    .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
            if (cursor != null) {
                s.searchAfter(cursor.after());
            }
            return s;
        }, StoredArticle.class));
    }

    private static List<Hit<StoredArticle>> page(SearchResponse<StoredArticle> response, int size) {
        List<Hit<StoredArticle>> hits = response.hits().hits();
        return hits.size() > size ? hits.subList(0, size) : hits;
    }

    private static String next(SearchResponse<StoredArticle> response, int size, String fingerprint) {
        List<Hit<StoredArticle>> hits = response.hits().hits();
        return hits.size() > size ? new Cursor(null, hits.get(size - 1).sort(), fingerprint).encode() : null;
    }

    private static Query terms(String field, Set<String> ids) {
        List<FieldValue> values = ids.stream().map(FieldValue::of).toList();
        return Query.of(b -> b.terms(t -> t.field(field).terms(v -> v.value(values))));
    }
}
