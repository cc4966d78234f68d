"""The reader's notes file: bookmarks, notes and questions, their anchors, backups, recovery and transfer."""
