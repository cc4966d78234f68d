"""The journal's tables: schema version 2 of the notes file (``notes.db`` applies it as a migration).

Its own module, importing nothing, so that the notes file's migrations can name it without a circle.
"""

JOURNAL_TABLES = (
    """CREATE TABLE checkins (
        day TEXT PRIMARY KEY NOT NULL,
        energy INTEGER CHECK (energy IS NULL OR energy BETWEEN 0 AND 10),
        symptoms TEXT NOT NULL,
        crashed INTEGER CHECK (crashed IS NULL OR crashed IN (0, 1)),
        note TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL)""",
    """CREATE TABLE medicines (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL CHECK (name <> ''),
        form TEXT NOT NULL,
        dose_amount REAL NOT NULL CHECK (dose_amount > 0),
        dose_unit TEXT NOT NULL,
        times_per_day INTEGER NOT NULL CHECK (times_per_day BETWEEN 1 AND 12),
        every_days INTEGER NOT NULL CHECK (every_days BETWEEN 1 AND 90),
        timing TEXT NOT NULL,
        started TEXT,
        stopped TEXT,
        magnesium_mg REAL CHECK (magnesium_mg IS NULL OR magnesium_mg >= 0),
        kind TEXT,
        created TEXT NOT NULL,
        updated TEXT NOT NULL)""",
    """CREATE TABLE medicine_changes (
        id TEXT PRIMARY KEY NOT NULL,
        medicine_id TEXT NOT NULL,
        day TEXT NOT NULL,
        what TEXT NOT NULL CHECK (what IN ('added', 'started', 'stopped', 'dose')),
        detail TEXT NOT NULL,
        created TEXT NOT NULL)""",
    "CREATE INDEX medicine_changes_by_day ON medicine_changes (day)",
    """CREATE TABLE visits (
        id TEXT PRIMARY KEY NOT NULL,
        day TEXT NOT NULL,
        with_whom TEXT NOT NULL,
        title TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL)""",
    "CREATE INDEX visits_by_day ON visits (day)",
    # The reader's own choices for the journal (such as which symptoms a check-in asks about), as JSON.
    "CREATE TABLE journal_prefs (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)",
)
