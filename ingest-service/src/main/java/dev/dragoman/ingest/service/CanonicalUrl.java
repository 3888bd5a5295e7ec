package dev.dragoman.ingest.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The form of a URL under which same-URL duplicates are recognised: scheme and host in lower case, the default port,
 * the fragment and tracking parameters (utm_*, fbclid, gclid, ... from configuration) removed, the other parameters
 * kept in their order.
 */
public final class CanonicalUrl {

    private final List<String> exact = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();

    public CanonicalUrl(List<String> trackingParameters) {
        for (String name : trackingParameters) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            if (n.endsWith("*")) {
                prefixes.add(n.substring(0, n.length() - 1));
            } else if (!n.isEmpty()) {
                exact.add(n);
            }
        }
    }

    /** The canonical form, or the URL as given when it cannot be read. */
    public String of(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return url.strip();
        }
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            return url.strip();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getRawAuthority().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") && authority.endsWith(":80")) || (scheme.equals("https") && authority.endsWith(":443"))) {
            authority = authority.substring(0, authority.lastIndexOf(':'));
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder query = new StringBuilder();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String name = (pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair).toLowerCase(Locale.ROOT);
                if (pair.isEmpty() || exact.contains(name) || prefixes.stream().anyMatch(name::startsWith)) {
                    continue;
                }
                query.append(query.isEmpty() ? "?" : "&").append(pair);
            }
        }
        return scheme + "://" + authority + path + query;
    }
}
