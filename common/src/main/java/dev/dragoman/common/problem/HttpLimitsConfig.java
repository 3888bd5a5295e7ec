package dev.dragoman.common.problem;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The request-line and header limits every service enforces itself, so that a request over them is answered with a
 * problem (414, 431) rather than the HTTP codec's empty answer. The codec's own limits
 * (quarkus.http.limits.max-initial-line-length, max-header-size) are set well above these in each service.
 */
@ConfigMapping(prefix = "dragoman.http")
public interface HttpLimitsConfig {

    /** Longest request target (path and query), in characters; 414 beyond. */
    @WithDefault("4096")
    int maxUrlLength();

    /** Most bytes of all request headers together; 431 beyond. */
    @WithDefault("20480")
    int maxHeaderBytes();
}
