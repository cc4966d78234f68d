"""Read aloud: the article, a bookmark, a note, a search result or the sheet, one sentence at a time."""
