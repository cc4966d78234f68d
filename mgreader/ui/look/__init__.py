"""What every view shares in how it looks and speaks: palette, text size and spacing, fitting the
screen, dates, messages."""
