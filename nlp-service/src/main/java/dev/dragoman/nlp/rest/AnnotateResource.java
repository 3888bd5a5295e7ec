package dev.dragoman.nlp.rest;

import dev.dragoman.common.api.AnnotateRequest;
import dev.dragoman.common.api.Annotation;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.nlp.config.NlpConfig;
import dev.dragoman.nlp.service.AnnotationService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(name = "Annotate", description = "Entities, links and dates in a text")
@Path("/api/v1/annotate")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AnnotateResource {

    private final AnnotationService annotations;
    private final NlpConfig config;

    public AnnotateResource(AnnotationService annotations, NlpConfig config) {
        this.annotations = annotations;
        this.config = config;
    }

    @POST
    @Operation(summary = "Tag entities and dates in a text",
            description = "Entities carry character offsets, a type, and the id and name of their canonical entity; "
                    + "dates are resolved against publishedAt.")
    public Annotation annotate(@Valid @NotNull(message = "a JSON body with 'text' is required") AnnotateRequest request) {
        if (request.text().length() > config.maxTextChars()) {
            throw new ProblemException(413, "Text too large", "text has " + request.text().length()
                    + " characters; the limit is " + config.maxTextChars());
        }
        return annotations.annotate(request.text(), request.publishedAt());
    }
}
