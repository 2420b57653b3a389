"""Word's automatic list numbering: the number or letter each paragraph prints.

Part of the Word reader (``pqassist.read.docx``): it reads ``numbering.xml`` and
``styles.xml`` (lxml elements) and, paragraph by paragraph in document order, returns
the label Word prints ("1.", "a)", "2.3", "(iv)", a bullet).
"""

from __future__ import annotations

import re


class _Level:
    """One level of a list definition: start value, number format, text such as "%1."."""

    def __init__(self, lvl, w: str) -> None:
        self.start = _int(_val(lvl, w, "start"), 1)
        self.format = _val(lvl, w, "numFmt") or "decimal"
        self.text = _val(lvl, w, "lvlText") or ""
        legal = lvl.find(w + "isLgl")
        self.legal = legal is not None and legal.get(w + "val") not in ("0", "false")
        self.restart = _int(_val(lvl, w, "lvlRestart"), None)
        self.style = _val(lvl, w, "pStyle")
        self.suffix = {"nothing": "", "space": " "}.get(_val(lvl, w, "suff") or "tab", " ")


class Numbering:
    """Word's automatic list numbering: which paragraph prints which number.

    Counters belong to the abstract list definition, as in Word: two list instances
    (``w:num``) of one definition continue each other's numbering unless an instance
    restarts a level with ``w:startOverride``. When a level advances, the deeper
    levels restart.
    """

    def __init__(self, w: str, numbering, styles) -> None:
        self.w = w
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.links: dict[str, str] = {}  # abstractNum id -> numStyleLink style id
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.styles: dict[str, tuple[str | None, int | None, str | None]] = {}
        self.default_style: str | None = None
        self.counts: dict[str, dict[int, int]] = {}
        self.applied: set[tuple[str, int]] = set()
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root) -> None:
        w = self.w
        for abstract in root.iter(w + "abstractNum"):
            key = abstract.get(w + "abstractNumId", "")
            self.abstract[key] = {
                _int(lvl.get(w + "ilvl"), 0): _Level(lvl, w) for lvl in abstract.iter(w + "lvl")
            }
            link = _val(abstract, w, "numStyleLink")
            if link:
                self.links[key] = link
        for num in root.iter(w + "num"):
            starts, levels = {}, {}
            for override in num.iter(w + "lvlOverride"):
                ilvl = _int(override.get(w + "ilvl"), 0)
                start = _int(_val(override, w, "startOverride"), None)
                if start is not None:
                    starts[ilvl] = start
                lvl = override.find(w + "lvl")
                if lvl is not None:
                    levels[ilvl] = _Level(lvl, w)
            abstract_id = _val(num, w, "abstractNumId") or ""
            self.nums[num.get(w + "numId", "")] = (abstract_id, starts, levels)

    def _read_styles(self, root) -> None:
        w = self.w
        for style in root.iter(w + "style"):
            if style.get(w + "type", "paragraph") != "paragraph":
                continue
            key = style.get(w + "styleId", "")
            numpr = style.find(f"{w}pPr/{w}numPr")
            num_id = _val(numpr, w, "numId") if numpr is not None else None
            ilvl = _int(_val(numpr, w, "ilvl"), None) if numpr is not None else None
            self.styles[key] = (num_id, ilvl, _val(style, w, "basedOn"))
            if style.get(w + "default") in ("1", "true", "on"):
                self.default_style = key

    def label(self, p) -> tuple[str, str]:
        """Return the list number the paragraph prints ("" when none) and what follows it."""
        found = self._numbering_of(p)
        if found is None:
            return "", ""
        num_id, ilvl, style = found
        abstract_id, starts, overrides = self.nums[num_id]
        levels = self._levels(abstract_id)
        level = overrides.get(ilvl) or levels.get(ilvl)
        if level is None:
            return "", ""
        counts = self.counts.setdefault(abstract_id, {})
        if ilvl in starts and (num_id, ilvl) not in self.applied:
            self.applied.add((num_id, ilvl))
            counts[ilvl] = starts[ilvl]
        elif ilvl in counts:
            counts[ilvl] += 1
        else:
            counts[ilvl] = level.start
        for deeper in [k for k in counts if k > ilvl]:
            deeper_level = overrides.get(deeper) or levels.get(deeper)
            if deeper_level is None or deeper_level.restart != 0:
                del counts[deeper]
        if level.format == "bullet":  # symbol-font bullets live in the private use area
            bullet = level.text
            if not bullet or "\ue000" <= bullet[0] <= "\uf8ff":
                bullet = "\u2022"
            return bullet, level.suffix

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            shown = overrides.get(k) or levels.get(k) or level
            value = counts.get(k, shown.start)
            return _format(value, "decimal" if level.legal else shown.format)

        text = re.sub(r"%([1-9])", number, level.text)
        return text, level.suffix if text else ""

    def _numbering_of(self, p) -> tuple[str, int, str | None] | None:
        """Return (numId, level, style) of the paragraph's list, from itself or its style."""
        w = self.w
        ppr = p.find(w + "pPr")
        num_id = ilvl = style = None
        if ppr is not None:
            numpr = ppr.find(w + "numPr")
            if numpr is not None:
                num_id = _val(numpr, w, "numId")
                ilvl = _int(_val(numpr, w, "ilvl"), None)
            style = _val(ppr, w, "pStyle")
        style = style or self.default_style
        seen = set()
        current = style
        while num_id is None and current in self.styles and current not in seen:
            seen.add(current)
            style_num, style_ilvl, current_base = self.styles[current]
            if style_num is not None:
                num_id = style_num
                ilvl = ilvl if ilvl is not None else style_ilvl
            current = current_base
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        if ilvl is None:
            levels = self._levels(self.nums[num_id][0])
            ilvl = next((k for k, lvl in levels.items() if style and lvl.style == style), 0)
        return num_id, ilvl, style

    def _levels(self, abstract_id: str) -> dict[int, _Level]:
        """Return the levels of a list definition, following numStyleLink indirection."""
        for _ in range(4):
            levels = self.abstract.get(abstract_id, {})
            link = self.links.get(abstract_id)
            if levels or not link:
                return levels
            num_id = self.styles.get(link, (None, None, None))[0]
            if num_id not in self.nums:
                return {}
            abstract_id = self.nums[num_id][0]
        return {}


def _val(parent, w: str, child: str) -> str | None:
    """Return the w:val of ``parent``'s ``child`` element, or None."""
    element = parent.find(w + child) if parent is not None else None
    return element.get(w + "val") if element is not None else None


def _int(text: str | None, default):
    """Return ``text`` as an int, or ``default`` when it is missing or not a number."""
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _format(value: int, fmt: str) -> str:
    """Return ``value`` written in Word number format ``fmt`` ("decimal", "lowerLetter" ...)."""
    if fmt == "none":
        return ""
    if fmt in ("lowerLetter", "upperLetter") and value < 1000:
        if value < 1:
            return ""
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _roman(value: int) -> str:
    """Return ``value`` (1 to 3999) in upper-case Roman numerals ("" outside that range)."""
    if not 0 < value < 4000:
        return ""
    out = []
    for number, symbol in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        count, value = divmod(value, number)
        out.append(symbol * count)
    return "".join(out)
