"""Writes a generated library of realistic Markdown articles for the benchmarks (issue 5).

N articles (2,000 by default) of 2-8 KB each, in topic folders with numeric prefixes: front matter (title,
order, summary, reviewed date, tags, sources), a first paragraph, H2 and H3 sections, paragraphs, bullet and
numbered lists, evidence notes, links to other articles and to the web, and some accented words ("anémie",
"caféine"). The same seed writes the same files, with the same modification time (a fixed date in the past,
as for a library that has been there a while).

    python bench/gen_library.py DIR [--articles 2000] [--seed 5]
"""

from __future__ import annotations

import argparse
import os
import random
from pathlib import Path

TOPICS = (
    "Magnesium basics", "Fatigue and energy", "Long COVID", "ME/CFS", "Dysautonomia and POTS", "Sleep",
    "Muscles and cramps", "Nerves and brain fog", "Food and absorption", "Supplements",
    "Medicines and safety", "Blood tests", "Kidneys", "Heart and rhythm", "Stress and recovery", "Pacing",
    "Iron and anémie", "Vitamins and minerals", "Talking to your clinician", "Everyday life",
)  # fmt: skip
SUBJECTS = (
    "Magnesium", "Low magnesium", "Magnesium citrate", "Magnesium glycinate", "Fatigue", "Post-exertional "
    "malaise", "Brain fog", "Poor sleep", "A blood test", "Serum magnesium", "The kidney", "Your heart",
    "Muscle cramping", "Iron deficiency", "Anémie", "Vitamin D", "Caféine", "Orthostatic intolerance",
    "A gentle routine", "Pacing", "Hydration", "Salt intake", "Stress", "Your clinician", "A small study",
)  # fmt: skip
VERBS = (
    "may affect", "can worsen", "often improves", "is linked to", "does not always explain", "helps with",
    "is measured alongside", "can mask", "rarely causes", "changes", "is one cause of", "interacts with",
    "should be checked before", "is sometimes confused with", "tends to follow",
)  # fmt: skip
OBJECTS = (
    "energy levels", "muscle tension", "heart rhythm", "sleep quality", "nerve signals", "the absorption of "
    "iron", "blood pressure", "enzymes that use ATP", "symptoms after exertion", "concentration", "headaches",
    "the way kidneys handle minerals", "morning tiredness", "orthostatic symptoms", "the dose you can "
    "tolerate", "diarrhoea at high doses", "other medicines", "calcium and potassium", "inflammation",
)  # fmt: skip
TAILS = (
    "in some people", "according to small studies", "but the evidence is limited", "especially in the "
    "evening", "when intake is low", "for a few weeks", "in people with kidney disease", "after an "
    "infection", "more than most people expect", "if taken with food", "in older adults", "during a crash",
)  # fmt: skip
EXTRAS = (
    "Write down when it happens and bring the notes to your next appointment.",
    "Ask your doctor before you change a dose.",
    "A food diary can show patterns that a single test misses.",
    "Rest before you are exhausted, not after.",
    "The numbers on a lab report depend on the laboratory.",
    "Naïve comparisons between studies can mislead.",
    "Some people notice a difference within days; others notice nothing.",
)
HEADINGS = (
    "Key points", "What the research says", "Why it matters", "Signs to watch for", "What you can try",
    "When to see a doctor", "Doses and forms", "Food sources", "Common questions", "How it is measured",
    "Side effects", "Living with it day to day", "What we do not know yet", "A closer look",
)  # fmt: skip
SOURCES = (
    "NIH Office of Dietary Supplements. Magnesium: Fact Sheet for Health Professionals. 2022.",
    "de Baaij JHF et al. Magnesium in man: implications for health and disease. Physiol Rev, 2015.",
    "Institute of Medicine. Dietary Reference Intakes. National Academy Press, 1997.",
    "A narrative review of fatigue in post-viral illness. 2023.",
)


def slug(text: str) -> str:
    cleaned = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in cleaned.split("-") if part)


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return rng.choice(EXTRAS)
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def paragraph(rng: random.Random, links: list[tuple[str, str]]) -> str:
    parts = [sentence(rng) for _ in range(rng.randint(3, 6))]
    if links and rng.random() < 0.3:
        target = rng.choice(links)
        parts.insert(rng.randrange(len(parts) + 1), f"See also [{target[1]}]({target[0]}).")
    elif rng.random() < 0.1:
        parts.append(
            "More in [the fact sheet](https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/)."
        )
    return " ".join(parts)


def block(rng: random.Random, links: list[tuple[str, str]]) -> str:
    roll = rng.random()
    if roll < 0.15:
        return "\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(3, 6)))
    if roll < 0.22:
        return "\n".join(f"{n}. {sentence(rng)}" for n in range(1, rng.randint(3, 5)))
    if roll < 0.28:
        strength = rng.choice(("strong", "moderate", "limited"))
        return f"> **Evidence: {strength}.** {sentence(rng)} {sentence(rng)}"
    return paragraph(rng, links)


def article(rng: random.Random, title: str, order: int, links: list[tuple[str, str]]) -> str:
    size = rng.randint(2000, 8000)
    tags = sorted({rng.choice(TOPICS).split()[0].lower() for _ in range(3)})
    sources = "\n".join(f'  - "{s}"' for s in rng.sample(SOURCES, 2))
    front = (
        f"---\ntitle: {title}\norder: {order}\nsummary: {sentence(rng)} {sentence(rng)}\n"
        f"reviewed: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\ntags: [{', '.join(tags)}]\n"
        f"sources:\n{sources}\n---\n"
    )
    parts = [front, paragraph(rng, links)]
    length = len(front) + len(parts[-1])
    while length < size:
        level = "##" if rng.random() < 0.7 else "###"
        parts.append(f"{level} {rng.choice(HEADINGS)}")
        for _ in range(rng.randint(1, 3)):
            parts.append(block(rng, links))
        length = sum(len(p) + 2 for p in parts)
    text = "\n\n".join(parts) + "\n"
    return text[: text.rfind("\n\n", 0, 8000) + 1] if len(text.encode()) > 8000 else text


def generate(target: Path, articles: int = 2000, seed: int = 5) -> list[Path]:
    """Write the library into ``target`` (created if needed); returns the files written."""
    rng = random.Random(seed)
    folders = [f"{n + 1:02d}-{slug(t)}" for n, t in enumerate(TOPICS)]
    plan = []
    for n in range(articles):
        topic = n % len(TOPICS)
        order = n // len(TOPICS) + 1
        title = f"{rng.choice(SUBJECTS)} and {rng.choice(OBJECTS)}"
        plan.append((folders[topic], order, title, f"{order:03d}-{slug(title)}"[:60] + ".md"))
    written = []
    stamp = 1_700_000_000  # 14 November 2023
    for folder, order, title, name in plan:
        links = [
            (f"../{other[0]}/{other[3]}", other[2]) for other in (rng.choice(plan) for _ in range(3))
        ]  # fmt: skip
        path = target / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article(rng, title, order, links), encoding="utf-8")
        os.utime(path, (stamp, stamp))
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    files = generate(args.target, args.articles, args.seed)
    total = sum(f.stat().st_size for f in files)
    print(f"{len(files)} articles, {total / 1e6:.1f} MB, in {args.target}")


if __name__ == "__main__":
    main()
