package dev.dragoman.local.testing;

import java.util.List;

/**
 * A news article as a web page wraps it: navigation, a cookie banner, a newsletter prompt, related links, comments
 * and a footer around the article's paragraphs — what the sources tests serve on loopback and expect the extraction
 * to leave out.
 */
public final class NewsPage {

    /** Words of the furniture that must never reach a stored or indexed article. */
    public static final List<String> FURNITURE = List.of("Accept all cookies", "Sign up for our newsletter",
            "Related stories", "Great article", "All rights reserved", "Markets rally as oil slips", "Privacy policy");

    private NewsPage() {
    }

    /**
     * The page: {@code body}'s lines become paragraphs; {@code canonical} goes into {@code <link rel=canonical>};
     * {@code published} (ISO-8601, or null) into the article's published_time meta.
     */
    public static String html(String title, String canonical, String author, String published, String body) {
        StringBuilder paragraphs = new StringBuilder();
        for (String p : body.split("\n")) {
            if (!p.isBlank()) {
                paragraphs.append("<p>").append(escape(p)).append("</p>\n");
            }
        }
        String meta = published == null ? ""
                : "<meta property=\"article:published_time\" content=\"" + escape(published) + "\">";
        return """
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%1$s | Daily Test News</title>
                <meta property="og:title" content="%1$s"><link rel="canonical" href="%2$s">%5$s
                </head><body>
                <div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
                <button>Accept all cookies</button><a href="/privacy">Privacy policy</a></div>
                <header class="site-header"><nav class="main-nav"><ul><li><a href="/">Home</a></li>
                <li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
                <li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
                <main><article class="story"><h1>%1$s</h1><div class="byline">By %3$s</div>
                %4$s
                </article>
                <aside class="newsletter-signup"><h3>Get our morning briefing</h3><p>Sign up for our newsletter and
                get the day's top stories in your inbox. Enter your email address below.</p>
                <form><input type="email" placeholder="Email"><button>Subscribe</button></form></aside>
                <section class="related-links"><h3>Related stories</h3><ul>
                <li><a href="/news/a">Markets rally as oil slips on supply hopes</a></li>
                <li><a href="/news/b">Ministers meet to discuss the new budget plans</a></li>
                <li><a href="/news/c">Five things to watch in the week ahead</a></li></ul></section>
                <section id="comments" class="comments"><h3>Comments (3)</h3>
                <div class="comment"><p>Great article, thanks for sharing this with all of us here today.</p></div>
                <div class="comment"><p>I completely disagree with the conclusions drawn by the writer here.</p></div>
                </section></main>
                <footer><p>&copy; 2025 Daily Test News. All rights reserved.</p><a href="/about">About us</a></footer>
                </body></html>""".formatted(escape(title), escape(canonical), escape(author), paragraphs, meta);
    }

    /** Text escaped for HTML and XML (feeds, sitemaps). */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
