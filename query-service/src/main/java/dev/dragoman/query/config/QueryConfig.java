package dev.dragoman.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of query-service (prefix dragoman.query). */
@ConfigMapping(prefix = "dragoman.query")
public interface QueryConfig {

    /** Index names: alias {prefix}-articles over {prefix}-articles-v{version}. */
    @WithDefault("dragoman")
    String indexPrefix();

    /** Refresh policy of indexing calls: wait_for (searchable on return), false, or true. */
    @WithDefault("wait_for")
    String refresh();

    @WithDefault("10")
    int defaultPageSize();

    @WithDefault("100")
    int maxPageSize();
}
