"""Choose the symptoms a check-in asks about: up to five, in the reader's own words."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from mgreader.core.journal.model import MAX_SYMPTOMS


class SymptomsDialog(QDialog):
    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("symptomsDialog")
        self.setWindowTitle("Symptoms to rate")
        intro = QLabel(
            f"Up to {MAX_SYMPTOMS} symptoms, in your own words (for example brain fog, pain, sleep, "
            "dizziness on standing). Leave a line empty to remove it. Past check-ins keep what they recorded."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.fields: list[QLineEdit] = []
        for n in range(MAX_SYMPTOMS):
            field = QLineEdit(names[n] if n < len(names) else "")
            field.setObjectName(f"symptomName{n}")
            field.setAccessibleName(f"Symptom {n + 1}")
            field.setMaxLength(60)
            layout.addWidget(field)
            self.fields.append(field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def names(self) -> list[str]:
        return [f.text().strip() for f in self.fields if f.text().strip()]
