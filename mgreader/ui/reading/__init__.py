"""Reading: the article view, the topic tree model, find in article, read aloud."""
