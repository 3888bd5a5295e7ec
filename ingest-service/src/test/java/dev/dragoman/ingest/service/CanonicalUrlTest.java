package dev.dragoman.ingest.service;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Canonical URLs (same-URL duplicates) and the feed formats ROME and crawler-commons read. */
class CanonicalUrlTest {

    private final CanonicalUrl canonical = new CanonicalUrl(List.of("utm_*", "fbclid", "gclid"));

    @Test
    void trackingParametersFragmentsCaseAndDefaultPortsGo() {
        assertEquals("https://news.example/a/b?id=7&page=2", canonical.of(
                "HTTPS://News.Example:443/a/b?utm_source=rss&id=7&fbclid=x&UTM_Medium=y&page=2&gclid=z#comments"));
        assertEquals("http://news.example/", canonical.of("http://news.example:80"));
        assertEquals("http://news.example:8080/a?q", canonical.of("http://news.example:8080/a?q&utm_campaign=c"));
        assertEquals("not a url", canonical.of(" not a url "));
    }

    @Test
    void rss091Rss10AndAtomAreRead() throws Exception {
        String rss091 = "<?xml version=\"1.0\"?><rss version=\"0.91\"><channel><title>t</title><link>http://a/</link>"
                + "<description>d</description><item><title>One</title><link>http://a/1</link></item></channel></rss>";
        String rss10 = "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                + "xmlns=\"http://purl.org/rss/1.0/\"><channel rdf:about=\"http://a/\"><title>t</title>"
                + "<link>http://a/</link><description>d</description></channel><item rdf:about=\"http://a/2\">"
                + "<title>Two</title><link>http://a/2</link></item></rdf:RDF>";
        assertEquals("http://a/1", FeedReader.feed(rss091.getBytes(StandardCharsets.UTF_8)).get(0).url());
        assertEquals("Two", FeedReader.feed(rss10.getBytes(StandardCharsets.UTF_8)).get(0).title());
    }

    @Test
    void aDoctypeIsRefusedSoNoExternalEntityIsRead() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<rss version=\"2.0\"><channel><title>&x;</title><item><link>http://a/1</link></item></channel></rss>";
        assertThrows(FeedReader.Unreadable.class, () -> FeedReader.feed(xxe.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSitemapIndexGivesItsChildren() throws Exception {
        String index = "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                + "<sitemap><loc>http://a/s1.xml</loc></sitemap></sitemapindex>";
        assertEquals(List.of("http://a/s1.xml"), FeedReader.sitemap("http://a/sitemap.xml", "application/xml",
                index.getBytes(StandardCharsets.UTF_8)).children());
    }
}
