"""Redaction of personal data before a map leaves the project (every export format).

A :class:`Redactor` finds personal data in text and replaces it with readable placeholders:

========== ============================================================ ====================
kind       what                                                         placeholder
========== ============================================================ ====================
EMAIL      ``ana.ruiz@correo.es``, spoken "ana punto ruiz arroba correo ``[EMAIL]``
           punto es" / "ana at mail dot com"
HANDLE     ``@ana_ruiz`` (social media)                                 ``[HANDLE]``
URL        ``https://…``, ``www.…``, bare ``tienda.es/pedido``          ``[URL]``
PHONE      ``+34 612 345 678``, ``91 234 56 78``, ``07700 900123``,     ``[PHONE]``
           ``(555) 123-4567``, ``+353 87 123 4567``
ADDRESS    ``Calle Mayor 12, 3ºB``, ``28013 Madrid``, ``221B Baker      ``[ADDRESS]``
           Street``, ``Flat 3, …``, UK postcodes, ``Austin, TX 78701``
ID         DNI/NIE (check letter), IBAN (mod 97), card numbers (Luhn),  ``[ID]``
           UK NI numbers, *labelled* order/policy/booking numbers
NAME       names of the participant list, any case and accent form      ``[P-3F2A]`` or
                                                                        ``[NAME]``
TERM       custom terms (employer, school, street…), whole words        ``[TERM]``
========== ============================================================ ====================

Decisions (each has a test on both sides):

* Numbers are phones only in a phone shape: a ``+``/``00`` country code, or 9 digits starting
  6–9 (Spain), or 9–11 digits starting 0 (UK/Ireland), or a grouped 10-digit US number. Years,
  dates, prices (``49,90 €``, ``900.000.000 euros``) and ungrouped long numbers are left alone.
* Order, booking, policy, customer… numbers are redacted (``[ID]``) only when *labelled*
  ("pedido 4821937", "order no. A-558213") and they hold ≥ 5 digits (or ≥ 4 plus a letter):
  an unlabelled number is more often a quantity than an identifier.
* Names: a run of ≥ 2 tokens of a listed name ("maria jose", "Pérez Gil", "O'Connell") matches
  in any case and accent form. A single token matches when capitalised; a lower-case single
  token only when it is the participant's first given name ("le dije a marta"). Tokens that are
  also common words or brands (Rosa, Luz, Mercedes, Pilar, Grace, Will, Price…, see
  ``AMBIGUOUS``, plus stop words) need a capital *and* no determiner before them
  ("un Mercedes", "the Price") *and* not to open a sentence, unless a title precedes them
  ("Sra. Rosa"). Names not on the list (a child, a friend) are not found: there is no NER.
* A listed participant becomes the same pseudonym everywhere (``[P-3F2A]``: HMAC-SHA256 of the
  salt and the folded key, lengthened until unique within the redactor). A token shared by two
  participants becomes ``[NAME]``.
* Overlapping findings are merged (an email holding a name is one ``[EMAIL]``), so no piece of
  either leaks.

``Redacted.map`` turns an offset of the original text into one of the redacted text, so a quote
``[s, e)`` of the original is ``red.text[red.map(s):red.map(e, "end")]`` in the redacted one.
"""
from __future__ import annotations

import bisect
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from ..nlp import detect_language, stop_words
from .patterns import (_ADDRESS_GLUE, _B, _E, _KEY, _NAME_GAP, _SENTENCE_START, _TOKEN, _find_patterns,
                       _fold_with_index, _name_tokens)

KINDS = ("EMAIL", "URL", "HANDLE", "ID", "PHONE", "ADDRESS", "NAME", "TERM")
_RANK = {k: i for i, k in enumerate(KINDS)}  # merged spans take the longest, then earliest kind

def _words(kind: str) -> dict[str, frozenset[str]]:
    """One word list of ``lexicons/<lang>/redaction.yaml`` per language (data, not code)."""
    from .. import lexicons
    return {lang: frozenset(str(w) for w in lexicons.load(lang, "redaction").get(kind) or ())
            for lang in ("es", "en")}


AMBIGUOUS = _words("ambiguous_names")  # names that are also words: redacted only written as names
_AMBIGUOUS_ANY = AMBIGUOUS["es"] | AMBIGUOUS["en"]
_DETERMINERS = _words("determiners")  # "la rosa", "the rose": not a name after these
_TITLES = frozenset().union(*_words("titles").values())  # "Sra. Rosa", "Mr Price": a name after these
_ROLE_WORDS = frozenset().union(*_words("role_words").values())  # speaker labels that are roles


# -- results ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Span:
    start: int  # in the original text
    end: int
    kind: str
    replacement: str
    new_start: int = 0  # in the redacted text
    new_end: int = 0


@dataclass
class Redacted:
    original: str
    text: str
    spans: list[Span] = field(default_factory=list)
    _starts: list[int] | None = field(default=None, repr=False, compare=False)

    def map(self, pos: int, side: str = "start") -> int:
        """Offset in the redacted text for ``pos`` in the original. Outside spans text shifts by
        the placeholders before it; inside a span (start < pos < end) a ``"start"`` offset goes
        to the placeholder's start and an ``"end"`` offset to its end, so a quote cutting a
        span keeps the whole placeholder. Monotone in ``pos`` for either side."""
        pos = max(0, min(pos, len(self.original)))
        if self._starts is None:
            self._starts = [s.start for s in self.spans]
        i = bisect.bisect_right(self._starts, pos) - 1  # last span starting at or before pos
        if i < 0:
            return pos
        sp = self.spans[i]
        if pos >= sp.end:
            return sp.new_end + (pos - sp.end)
        if pos == sp.start or side == "start":
            return sp.new_start
        return sp.new_end

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        return self.map(start, "start"), self.map(end, "end")



# -- the redactor ----------------------------------------------------------------------------
class Redactor:
    """Finds and replaces personal data; see the module docstring for what and how.

    ``names``: names (str), ``(key, name)`` pairs or a ``{key: name or [names]}`` mapping; a name
    with a key becomes that key's pseudonym. ``keys``: participant keys ("P01", "R0042") to
    pseudonymise where they appear in text. ``salt``: makes pseudonyms unlinkable across
    exports; the fixed default suits tests only (anyone can recompute ``P01``'s pseudonym), and
    :meth:`for_project` draws a random one unless given. ``language``: "es", "en" or
    None (guessed per text) for the common-word and determiner lists.

    >>> r = Redactor(names={"P01": "María José Pérez"}, salt="t")
    >>> r.redact("Habló con maria jose, su email es mj@correo.es").text
    'Habló con [P-5B96], su email es [EMAIL]'
    """

    def __init__(self, names=(), terms: Iterable[str] = (), keys: Iterable[str] = (),
                 salt: str = "cjresearch", language: str | None = None):
        self.salt = salt
        self.language = language
        self.terms = [t for t in terms if t and t.strip()]
        self._pseudonyms: dict[str, str] = {}
        self._taken: set[str] = set()
        self._multi: dict[tuple[str, ...], set] = {}
        self._single: dict[str, dict] = {}  # token -> {key: is_given}
        self._max_len = 1
        self.source_text: Callable[[int], str | None] = lambda source_id: None
        pairs = list(names.items()) if isinstance(names, Mapping) else [
            n if isinstance(n, tuple) else (None, n) for n in names]
        keys = [k for k in keys if k]
        for key in keys:
            self.pseudonym(key)
        for key, value in pairs:
            for name in ([value] if isinstance(value, str) else list(value or ())):
                self.add_name(name, key)
        self._terms_rx = self._phrase_regex(self.terms)
        # keys like P01 or R0042 are looked up token by token (a 100k-way regex would crawl)
        self._keys = {_fold_with_index(k)[0] for k in keys + [k for k, _ in pairs if k]
                      if _KEY.fullmatch(str(k))}

    @staticmethod
    def _phrase_regex(phrases):
        folded = sorted({_fold_with_index(p.strip())[0] for p in phrases}, key=len, reverse=True)
        if not folded:
            return None
        alts = "|".join(r"\s+".join(map(re.escape, f.split())) for f in folded)
        return re.compile(_B + "(?:" + alts + ")" + _E)

    def add_name(self, name: str, key: str | None = None) -> None:
        tokens = _name_tokens(name or "")
        if not tokens:
            return
        if key is not None:
            self.pseudonym(key)
        stop = (stop_words("es") | stop_words("en")) - AMBIGUOUS["en"] - AMBIGUOUS["es"]
        for i in range(len(tokens)):
            for j in range(i + 2, len(tokens) + 1):
                if tokens[i] in stop or tokens[j - 1] in stop:  # never match "de la" alone
                    continue
                self._multi.setdefault(tuple(tokens[i:j]), set()).add(key)
                self._max_len = max(self._max_len, j - i)
        for i, tok in enumerate(tokens):
            for part in {tok, tok.split("'")[-1]}:
                if len(part) >= 2 and part not in stop:
                    slot = self._single.setdefault(part, {})
                    slot[key] = slot.get(key, False) or (i == 0 and part == tok)

    def pseudonym(self, key: str) -> str:
        """Stable within this redactor, unique among its keys: ``P-`` + ≥ 4 hex of HMAC(salt, key)."""
        folded = _fold_with_index(str(key).strip())[0]
        if folded not in self._pseudonyms:
            digest = hmac.new(self.salt.encode(), folded.encode(), hashlib.sha256).hexdigest().upper()
            n = 4
            while "P-" + digest[:n] in self._taken:
                n += 1
            self._pseudonyms[folded] = "P-" + digest[:n]
            self._taken.add("P-" + digest[:n])
        return self._pseudonyms[folded]

    def knows(self, key: str) -> bool:
        return _fold_with_index(str(key).strip())[0] in self._pseudonyms

    @classmethod
    def for_project(cls, con, terms: Iterable[str] = (), salt: str | None = None,
                    language: str | None = None) -> "Redactor":
        """Names and keys from the participants table (every role: interviewers are people too)
        plus speaker labels that look like names. Without ``salt`` a random one is drawn, so
        pseudonyms are consistent within one export and unlinkable across exports."""
        names: dict[str, list[str]] = {}
        for row in con.execute("SELECT key, name FROM participants"):
            # transcripts create speakers called "Interviewer": a role is no name to hunt for
            names.setdefault(row[0], []).extend([row[1]] if row[1] and not _is_role(row[1]) else [])
        for speaker, key in con.execute("SELECT DISTINCT t.speaker, p.key FROM turns t LEFT JOIN "
                                        "participants p ON p.id = t.participant_id "
                                        "WHERE t.speaker IS NOT NULL"):
            if looks_like_name(speaker):
                names.setdefault(key or speaker, []).append(speaker)
        red = cls(names=names, terms=terms, keys=list(names), language=language,
                  salt=salt if salt is not None else secrets.token_hex(8))
        cache: dict[int, str | None] = {}

        def source_text(source_id: int) -> str | None:
            if source_id not in cache:
                row = con.execute("SELECT text FROM sources WHERE id=?", (source_id,)).fetchone()
                cache[source_id] = row[0] if row else None
            return cache[source_id]
        red.source_text = source_text
        return red

    # -- finding -----------------------------------------------------------------------------
    def find(self, text: str, any_case: bool = False) -> list[Span]:
        """Non-overlapping spans (merged where findings overlap), in order. ``any_case``: for
        labels built from lower-cased topic words, where capitals carry no signal."""
        lang = self.language or detect_language(text)
        found = list(_find_patterns(text))
        folded, index = _fold_with_index(text)
        if self._terms_rx is not None:
            for m in self._terms_rx.finditer(folded):
                found.append((index[m.start()], index[m.end() - 1] + 1, "TERM"))
        if self._keys:
            for m in _KEY.finditer(folded):
                if m.group() in self._keys:
                    found.append((index[m.start()], index[m.end() - 1] + 1, ("NAME", m.group())))
        found += self._find_names(text, folded, index, lang, any_case)
        return self._merge(text, found)

    def _find_names(self, text, folded, index, lang, any_case):
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(folded)]
        out, i = [], 0
        while i < len(toks):
            hit = None
            for n in range(min(self._max_len, len(toks) - i), 1, -1):
                run = toks[i:i + n]
                gaps_ok = all(_NAME_GAP.fullmatch(folded[a[1]:b[0]]) for a, b in zip(run, run[1:]))
                keys = self._multi.get(tuple(t[2] for t in run)) if gaps_ok else None
                if keys:
                    hit = (n, keys)
                    break
            if hit is None and toks[i][2] in self._single:
                keys = self._single[toks[i][2]]
                if self._single_ok(text, index, toks, i, keys, lang, any_case):
                    hit = (1, set(keys))
            if hit is None:
                i += 1
                continue
            n, keys = hit
            key = next(iter(keys)) if len(keys) == 1 else None
            out.append((index[toks[i][0]], index[toks[i + n - 1][1] - 1] + 1, ("NAME", key)))
            i += n
        return out

    def _single_ok(self, text, index, toks, i, keys, lang, any_case) -> bool:
        start, _, tok = toks[i]
        langs = (lang,) if lang in AMBIGUOUS else tuple(AMBIGUOUS)
        # a Spanish name-word is still a word (or a car) in an English sentence: both lists
        ambiguous = tok in _AMBIGUOUS_ANY or any(tok in stop_words(lg) for lg in langs)
        cap = text[index[start]].isupper()
        if not cap:
            return not ambiguous and (any_case or any(keys.values()))
        if not ambiguous:
            return True
        prev = toks[i - 1][2] if i else ""
        if prev in _TITLES:
            return True
        if any(prev in _DETERMINERS[lg] for lg in langs if lg in _DETERMINERS):
            return False
        return not _SENTENCE_START.search(text[max(0, index[start] - 3):index[start]]) and index[start] > 0

    def _merge(self, text, found) -> list[Span]:
        found = self._glue_addresses(text, found)
        found.sort(key=lambda f: (f[0], -f[1]))
        groups: list[list] = []
        for f in found:
            if f[1] <= f[0]:
                continue
            if groups and f[0] < groups[-1][0][1]:
                g = groups[-1]
                g[0] = (g[0][0], max(g[0][1], f[1]))
                g[1].append(f)
            else:
                groups.append([(f[0], f[1]), [f]])
        spans = []
        for (s, e), members in groups:
            best = max(members, key=lambda f: (f[1] - f[0], -_RANK[self._kind(f)]))
            kind = self._kind(best)
            if kind == "NAME":
                keys = {f[2][1] for f in members if self._kind(f) == "NAME"}
                key = keys.pop() if len(keys) == 1 else None
                repl = f"[{self.pseudonym(key)}]" if key is not None else "[NAME]"
            else:
                repl = f"[{kind}]"
            spans.append(Span(s, e, kind, repl))
        return spans

    @staticmethod
    def _kind(f) -> str:
        return f[2][0] if isinstance(f[2], tuple) else f[2]

    @staticmethod
    def _glue_addresses(text, found):
        """'Calle Mayor 12, 3ºB, 28013 Madrid' and '12 Baker Street, London NW1 6XE' are one address."""
        addr = sorted(f for f in found if f[2] == "ADDRESS")
        rest = [f for f in found if f[2] != "ADDRESS"]
        out = []
        for f in addr:
            if out:
                m = _ADDRESS_GLUE.match(text, out[-1][1])
                if f[0] <= out[-1][1] or (m and m.end() >= f[0] and text[out[-1][1]:f[0]].count("\n") == 0
                                           and f[0] - out[-1][1] <= 40):
                    out[-1] = (out[-1][0], max(out[-1][1], f[1]), "ADDRESS")
                    continue
            out.append(f)
        return rest + out

    def redact(self, text: str, any_case: bool = False) -> Redacted:
        """``text`` with personal data replaced; ``.spans`` and ``.map`` tie it to the original."""
        text = text or ""
        parts, spans, pos, out_len = [], [], 0, 0
        for sp in self.find(text, any_case=any_case):
            parts.append(text[pos:sp.start])
            out_len += sp.start - pos
            spans.append(Span(sp.start, sp.end, sp.kind, sp.replacement, out_len,
                              out_len + len(sp.replacement)))
            parts.append(sp.replacement)
            out_len += len(sp.replacement)
            pos = sp.end
        parts.append(text[pos:])
        return Redacted(text, "".join(parts), spans)

    def __call__(self, text: str | None, any_case: bool = False) -> str | None:
        return None if text is None else self.redact(text, any_case).text


def _is_role(label: str) -> bool:
    return any(ch.isdigit() for ch in label) or any(
        _fold_with_index(w)[0].strip(".:") in _ROLE_WORDS for w in label.split())


def looks_like_name(label: str | None) -> bool:
    """A speaker label that is a person's name ('Marta', 'Siobhán O'Connell'), not a role
    ('Interviewer', 'Speaker 2', 'P01')."""
    if not label or _is_role(label):
        return False
    words = label.split()
    return 1 <= len(words) <= 4 and words[0][:1].isupper()
