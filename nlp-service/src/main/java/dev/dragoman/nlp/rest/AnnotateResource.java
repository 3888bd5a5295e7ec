package dev.dragoman.nlp.rest;

import dev.dragoman.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.dragoman.common.api.AnnotateRequest;
import dev.dragoman.common.api.Annotation;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.common.text.TextNormalizer;
import dev.dragoman.nlp.config.NlpConfig;
import dev.dragoman.nlp.service.AnnotationService;
import dev.dragoman.nlp.service.KnowledgeBase;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.ZoneOffset;

@Tag(name = "Annotate", description = "Entities, links and dates in a text")
@Path("/api/v1/annotate")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AnnotateResource {

    private final AnnotationService annotations;
    private final KnowledgeBase knowledgeBase;
    private final NlpConfig config;

    public AnnotateResource(AnnotationService annotations, KnowledgeBase knowledgeBase, NlpConfig config) {
        this.annotations = annotations;
        this.knowledgeBase = knowledgeBase;
        this.config = config;
    }

    @RolesAllowed(Roles.ANNOTATOR)
    @POST
    @Operation(summary = "Tag entities and dates in a text",
            description = "Entities carry character offsets, a type, and the id and name of their canonical entity "
                    + "(within the article, then across articles by the knowledge base, which learns the article's "
                    + "names); dates are resolved against publishedAt.")
    public Annotation annotate(@Valid @NotNull(message = "a JSON body with 'text' is required") AnnotateRequest request) {
        if (request.text().length() > config.maxTextChars()) {
            throw new ProblemException(413, "Text too large", "text has " + request.text().length()
                    + " characters; the limit is " + config.maxTextChars());
        }
        LocalDate date = request.publishedAt() != null ? request.publishedAt() : LocalDate.now(ZoneOffset.UTC);
        // controls become spaces and lone surrogates U+FFFD, so that offsets still point into the caller's text
        return knowledgeBase.linkAndLearn(annotations.annotate(TextNormalizer.mask(request.text()), date), date,
                request.articleId());
    }
}
