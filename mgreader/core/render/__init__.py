"""From an article's Markdown to the page the reader sees: rendering, caching, links, glossary, text."""
