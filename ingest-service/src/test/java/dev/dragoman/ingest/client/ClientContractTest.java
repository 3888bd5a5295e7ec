package dev.dragoman.ingest.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Method;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The calls ingest-service's REST clients make exist, with the same method and body schema, in the contracts the
 * other services commit (docs/api/*.openapi.json, themselves checked against the running services).
 */
class ClientContractTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            dev.dragoman.ingest.client.NlpClient   | nlp-service   | AnnotateRequest
            dev.dragoman.ingest.client.QueryClient | query-service | ArticleDocument
            dev.dragoman.ingest.client.KnowledgeBaseClient | nlp-service |
            """)
    void clientCallsAreInTheProvidersContract(Class<?> client, String provider, String requestSchema) throws Exception {
        JsonNode contract = new ObjectMapper().readTree(java.nio.file.Path.of(
                System.getProperty("dragoman.project.dir", "..")).resolve("docs/api/" + provider + ".openapi.json").toFile());
        String base = client.getAnnotation(Path.class).value();
        for (Method method : client.getDeclaredMethods()) {
            Path sub = method.getAnnotation(Path.class);
            String path = sub == null ? base : base + sub.value();
            String verb = method.isAnnotationPresent(POST.class) ? "post" : method.isAnnotationPresent(PUT.class) ? "put" : "get";
            JsonNode operation = contract.path("paths").path(path).path(verb);
            assertTrue(operation.isObject(), verb.toUpperCase() + " " + path + " is not in " + provider + "'s contract");
            if (requestSchema == null) {
                // a GET: no body, and every query parameter it sends is one the operation takes
                assertTrue(operation.path("requestBody").isMissingNode(), path + " takes a body");
                for (java.lang.reflect.Parameter parameter : method.getParameters()) {
                    String name = parameter.getAnnotation(jakarta.ws.rs.QueryParam.class).value();
                    assertTrue(java.util.stream.StreamSupport.stream(operation.path("parameters").spliterator(), false)
                            .anyMatch(p -> "query".equals(p.path("in").asText()) && name.equals(p.path("name").asText())),
                            path + " takes no query parameter " + name);
                }
                assertEquals("#/components/schemas/" + method.getReturnType().getSimpleName(), operation.path("responses")
                        .path("200").path("content").path("application/json").path("schema").path("$ref").asText(),
                        "answer of " + path);
                continue;
            }
            JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
            // one document, or an array of them (bulk)
            String ref = schema.has("$ref") ? schema.path("$ref").asText() : schema.path("items").path("$ref").asText();
            assertEquals("#/components/schemas/" + requestSchema, ref, "request body of " + path);
            assertTrue(Arrays.stream(method.getGenericParameterTypes())
                            .anyMatch(t -> t.getTypeName().matches("(.*[<.])?" + requestSchema + ">?")),
                    method + " sends " + requestSchema);
        }
    }
}
