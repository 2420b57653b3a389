"""Plain data of pqassist: frozen dataclasses and the Verdict enum. No I/O here.

Offsets (``start``/``end``) always point into ``Dossier.text``, the raw text as read,
so that every passage and item can be traced back to the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

PARLIAMENTS = ("vlaams-parlement", "kamer", "tweede-kamer", "unknown")
EXPORT_FORMATS = ("docx", "md", "txt")  # what a follow-up draft can be written as

PARLIAMENT_NAMES_NL = {
    "vlaams-parlement": "Vlaams Parlement",
    "kamer": "Kamer van volksvertegenwoordigers",
    "tweede-kamer": "Tweede Kamer der Staten-Generaal",
    "unknown": "onbekend parlement",
}


class Verdict(str, Enum):
    """What an answer does with one sub-question (see the corpus' LABELS.md)."""

    ANSWERED = "answered"
    PARTIAL = "partial"
    REFERRAL = "referral"
    NO_DATA = "no_data"
    NOT_COMPETENT = "not_competent"
    DECLINED = "declined"
    GENERAL = "general"
    UNANSWERED = "unanswered"
    WITHHELD = "withheld"

    @property
    def label_nl(self) -> str:
        """Return the Dutch name shown to the staffer."""
        return _VERDICT_NL[self]

    @property
    def reason_nl(self) -> str:
        """Return the Dutch sentence that says why an item gets this verdict."""
        return _VERDICT_REASON_NL[self]

    @property
    def joins_when_shared(self) -> bool:
        """Return True when items with this verdict and the same answer passages are asked
        again in one follow-up question (a dodge said once for several sub-questions)."""
        return self in (Verdict.REFERRAL, Verdict.NO_DATA, Verdict.NOT_COMPETENT, Verdict.DECLINED, Verdict.GENERAL)

    @property
    def is_gap(self) -> bool:
        """Return True when a follow-up question is warranted for this verdict."""
        return self not in (Verdict.ANSWERED, Verdict.WITHHELD)

    @classmethod
    def parse(cls, value: "str | Verdict | None") -> "Verdict | None":
        """Return the verdict named by ``value`` (English code or Dutch name), or None."""
        if value is None or value == "":
            return None
        if isinstance(value, Verdict):
            return value
        text = str(value).strip().lower()
        for verdict in cls:
            if text in (verdict.value, verdict.label_nl.lower()):
                return verdict
        raise ValueError(f"onbekend oordeel: {value!r}")


_VERDICT_NL = {
    Verdict.ANSWERED: "beantwoord",
    Verdict.PARTIAL: "gedeeltelijk",
    Verdict.REFERRAL: "doorverwijzing",
    Verdict.NO_DATA: "geen gegevens",
    Verdict.NOT_COMPETENT: "niet bevoegd",
    Verdict.DECLINED: "geweigerd",
    Verdict.GENERAL: "vaag / algemeen",
    Verdict.UNANSWERED: "onbeantwoord",
    Verdict.WITHHELD: "niet gepubliceerd",
}

_VERDICT_REASON_NL = {
    Verdict.ANSWERED: "elke deelvraag krijgt een antwoord",
    Verdict.PARTIAL: "gedeeltelijk beantwoord",
    Verdict.REFERRAL: "het antwoord verwijst door in plaats van te antwoorden",
    Verdict.NO_DATA: "de gegevens worden niet bijgehouden of zijn (nog) niet bekend",
    Verdict.NOT_COMPETENT: "de minister zegt niet bevoegd te zijn",
    Verdict.DECLINED: "de minister weigert erop in te gaan",
    Verdict.GENERAL: "het antwoord blijft vaag en algemeen",
    Verdict.UNANSWERED: "geen enkele passage van het antwoord gaat hierop in",
    Verdict.WITHHELD: "het antwoord staat niet in de gepubliceerde tekst (rechtstreeks bezorgd of enkel als tabelcode)",
}

# The order in which a staffer acts on verdicts when several apply (issue 3).
VERDICT_PRIORITY = (
    Verdict.WITHHELD,
    Verdict.UNANSWERED,
    Verdict.NOT_COMPETENT,
    Verdict.REFERRAL,
    Verdict.NO_DATA,
    Verdict.DECLINED,
    Verdict.PARTIAL,
    Verdict.GENERAL,
    Verdict.ANSWERED,
)


@dataclass(frozen=True)
class Meta:
    """What is known about the question: who asked whom what, and when."""

    parliament: str = "unknown"
    number: str | None = None
    asked_on: date | None = None
    answered_on: date | None = None
    questioner: str | None = None
    party: str | None = None
    addressee: str | None = None
    addressee_title: str | None = None
    answerer: str | None = None
    title: str | None = None
    session: str | None = None
    bulletin: str | None = None
    deadline: date | None = None
    source: str | None = None
    annexes: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """Return the metadata as JSON-ready values (dates as ISO strings)."""
        out = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


@dataclass(frozen=True)
class Ask:
    """One question sentence or request inside an item."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Item:
    """One sub-question: a numbered or lettered unit that asks something."""

    id: str
    label: str
    text: str
    start: int
    end: int
    asks: tuple[Ask, ...] = ()
    context: str = ""


@dataclass(frozen=True)
class Passage:
    """One stretch of the answer, with the header it prints (``""`` when none)."""

    index: int
    label: str
    covers: tuple[str, ...]
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    """A stretch of ``Dossier.text`` and what it is; the segments tile the text."""

    kind: str
    start: int
    end: int
    ref: str = ""


SEGMENT_KINDS = (
    "header",  # metadata lines, signature block, answer heading
    "title",
    "context",  # question text that belongs to no single item
    "label",  # a printed number such as "3. a)" or "Vraag 3, 4 en 5"
    "item",
    "answer-label",
    "passage",
    "unassigned",  # answer text that belongs to no item
    "furniture",  # page numbers, running headers, soft hyphens ... removed by cleaning
    "space",
)


@dataclass(frozen=True)
class Dossier:
    """A written question with its answer, parsed: metadata, items and passages."""

    meta: Meta
    text: str
    items: tuple[Item, ...]
    passages: tuple[Passage, ...]
    segments: tuple[Segment, ...]
    answer_start: int
    context: str = ""
    unassigned: str = ""
    notices: tuple[str, ...] = ()
    format: str = "unknown"

    @property
    def key(self) -> str:
        """Return a stable key for this document's content (used for review files)."""
        return content_key(self.text)

    @property
    def has_answer(self) -> bool:
        """Return True when the dossier holds any answer text."""
        return any(p.text.strip() for p in self.passages)

    def item(self, item_id: str) -> Item:
        """Return the item with id ``item_id``."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def furniture(self) -> list[Segment]:
        """Return the segments removed as page furniture."""
        return [s for s in self.segments if s.kind == "furniture"]


def within(item_id: str, target: str) -> bool:
    """Return True when ``item_id`` is ``target`` or one of its lettered sub-questions ("3b" in "3")."""
    return item_id == target or (item_id.startswith(target) and item_id[len(target):].isalpha())


def content_key(text: str) -> str:
    """Return the first 16 hex digits of the SHA-256 of ``text``."""
    import hashlib  # here: loading OpenSSL costs about 5 ms at every start, and most runs never hash

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class Evidence:
    """Words quoted from the answer or the question that back a suggestion."""

    source: str  # "answer" | "question"
    text: str
    start: int | None = None

    def to_json(self) -> dict:
        return {"source": self.source, "text": self.text}


@dataclass(frozen=True)
class Link:
    """An alignment of one item with one passage, with a score and a reason."""

    item_id: str
    passage: int
    score: float
    reason: str
    start: int | None = None  # where in the passage the answer to this item starts
    end: int | None = None
    kind: str = "label"  # "label" | "whole" | "content" | "letters" (its lettered items' passages) | "reference"


@dataclass(frozen=True)
class Reference:
    """A passage pointing elsewhere: another item's answer, a document, a website."""

    passage: int
    kind: str  # "item" | "question" | "document" | "website" | "letter" | "debate" | "earlier"
    target: str
    text: str


@dataclass(frozen=True)
class Suggestion:
    """The tool's proposal for one item: a verdict, how sure, and the words that show it."""

    item_id: str
    verdict: Verdict
    confidence: float
    reason: str
    evidence: tuple[Evidence, ...] = ()
    missing: tuple[str, ...] = ()
    others: tuple[tuple[Verdict, float], ...] = ()
    gap_probability: float = 0.0  # the model's probability that the item is a gap, whatever it suggests
    to_check: bool = False  # suggested as no gap, but a gap is likely enough that the staffer should look

    @property
    def check_detail_nl(self) -> str:
        """Return the Dutch words that follow "te controleren" ("" when the item is not marked):
        the probability of a gap and, when the model names one, the likeliest gap verdict."""
        if not self.to_check:
            return ""
        likeliest = next((verdict for verdict, _ in self.others if verdict.is_gap), None)
        tail = f", het meest waarschijnlijk {likeliest.label_nl}" if likeliest else ""
        return f"kans op een hiaat {round(self.gap_probability * 100)}%{tail}"


@dataclass(frozen=True)
class Analysis:
    """A dossier with its alignment, references and suggestions."""

    dossier: Dossier
    links: dict[str, tuple[Link, ...]] = field(default_factory=dict)
    references: tuple[Reference, ...] = ()
    suggestions: dict[str, Suggestion] = field(default_factory=dict)

    def answer_for(self, item_id: str) -> str:
        """Return the answer text aligned to ``item_id`` ("" when none), without references."""
        parts = []
        for link in self.links.get(item_id, ()):
            if link.kind == "reference":
                continue  # shown beside the answer, not part of it
            passage = self.dossier.passages[link.passage]
            if link.start is not None and link.end is not None:
                parts.append(self.dossier.text[link.start : link.end].strip())
            else:
                parts.append(passage.text)
        return "\n\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Mark:
    """The staffer's decision on one item."""

    item_id: str
    verdict: Verdict | None = None  # None: the suggestion stands
    include: bool | None = None  # None: include when the verdict is a gap
    note: str = ""


@dataclass(frozen=True)
class Review:
    """All of the staffer's marks and overrides for one dossier."""

    dossier_key: str
    marks: tuple[Mark, ...] = ()
    title: str | None = None
    opening: str | None = None
    schema_version: int = 1

    def mark(self, item_id: str) -> Mark:
        """Return the mark for ``item_id`` (an empty mark when there is none)."""
        for mark in self.marks:
            if mark.item_id == item_id:
                return mark
        return Mark(item_id)


@dataclass(frozen=True)
class FollowUpQuestion:
    """One numbered question of the follow-up draft."""

    number: int
    item_ids: tuple[str, ...]
    verdict: Verdict
    text: str


@dataclass(frozen=True)
class FollowUp:
    """The follow-up written question, ready to export."""

    parliament: str
    title: str
    questioner: str | None
    addressee: str | None
    addressee_title: str | None
    opening: str
    questions: tuple[FollowUpQuestion, ...]
    closing: str = ""
    date: date | None = None
    original_number: str | None = None
