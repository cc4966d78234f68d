"""The content library: folders scanned into topics and articles; front matter, headings, tree, checks."""
