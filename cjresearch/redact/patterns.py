"""Finders for personal data with a shape (emails, handles, URLs, phones, IDs, addresses) and
accent/case folding that keeps every folded character's original index. Used by
:class:`cjresearch.redact.Redactor`."""
from __future__ import annotations

import re
import unicodedata

# -- finders: each yields (start, end, kind) -------------------------------------------------
_B = r"(?<![^\W_])"  # word boundaries where "_" separates too (file names: es_01_marta)
_E = r"(?![^\W_])"
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}(?![\w\-])")
_SPOKEN_EMAIL = re.compile(  # transcripts spell addresses out: "rosa punto delgado arroba correo punto es"
    r"\b\w+(?:\s+(?:punto|gui[oó]n(?:\s+bajo)?|barra\s+baja)\s+\w+)*"
    r"\s+arroba\s+[\w\-]+(?:\s+punto\s+[a-z]{2,4}\b)+|"
    r"\b\w+(?:\s+(?:dot|underscore|dash)\s+\w+)*\s+at\s+[\w\-]+"
    r"(?:\s+dot\s+(?:com|co|uk|ie|net|org|es|eu|io|me)\b)+", re.I)
_HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'«»“”]+", re.I)
_DOMAIN = re.compile(r"(?<![\w@.\-/])(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+"
                     r"(?:es|com|net|org|eu|uk|ie|io|info|cat|gal|eus|shop|store|app|online|co|me|tv|ly|gl)"
                     r"(?![\w\-])(?:/[^\s<>\"'«»“”]*)?")
_TRAIL = ".,;:!?)]}'\"»”…"
_PHONE = re.compile(r"(?<![\w+/.,\-])"
                    r"(?P<cc>(?:\(\+?[1-9][0-9]{0,2}\)|(?:\+|00)[1-9][0-9]{0,2})[ .\-\u00a0]?(?:\(0\)[ .\-]?)?)?"
                    r"(?P<body>(?:\([0-9]{2,5}\)[ .\-\u00a0]?)?[0-9]{1,5}(?:[ .\-\u00a0]?[0-9]{2,5}){0,5})"
                    r"(?![\w]|[.,][0-9])")
_MONEY_AFTER = re.compile(r"\s?(?:€|\$|£|eur\b|euros?\b|libras\b|d[oó]lares\b|pounds?\b|dollars?\b|%|"
                          r"k\b|millones\b|million\b|mil\b|puntos\b|points\b)", re.I)
_MONEY_BEFORE = re.compile(r"(?:€|\$|£|EUR|USD|GBP)\s?$")
_DNI = re.compile(r"(?<![\w])(?P<n>[0-9]{8})[ \-]?(?P<l>[A-Za-z])(?!\w)")
_NIE = re.compile(r"(?<![\w])(?P<p>[XYZxyz])[ \-]?(?P<n>[0-9]{7})[ \-]?(?P<l>[A-Za-z])(?!\w)")
_IBAN = re.compile(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_CARD = re.compile(r"(?<![\w])[0-9](?:[ \-]?[0-9]){12,18}(?![\w])")
_NINO = re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\b")
_LABELLED = re.compile(
    r"\b(?:n[º°o]\.?\s*de\s+(?:pedido|cliente|socio|p[oó]liza|contrato|reserva|factura)|"
    r"n[uú]mero\s+de\s+(?:pedido|cliente|socio|p[oó]liza|contrato|reserva|factura|seguimiento|cuenta)|"
    r"pedido|referencia|ref\.?|factura|p[oó]liza|contrato|expediente|localizador|reserva|"
    r"seguimiento|incidencia|order|booking|reference|account|policy|customer|membership|invoice|"
    r"ticket|claim|case|tracking|confirmation)"
    r"(?:\s+(?:n[º°o]\.?|number|no\.?|num\.?|n[uú]mero|id|code|c[oó]digo|ref\.?))?\s*(?:is|es|era|was)?"
    r"\s*[:#]?\s*(?P<id>[A-Z0-9][A-Z0-9\-/]{3,}[A-Z0-9])(?![\w])", re.I)
_STREET_ES = re.compile(
    r"(?:\b(?:[Cc]alle|[Aa]vda\.?|[Aa]venida|[Aa]v\.|[Pp]laza|[Pp]za\.|[Pp]aseo|P[ºo]\.|[Cc]amino|"
    r"[Cc]arretera|[Cc]tra\.|[Rr]onda|[Tt]raves[ií]a|[Gg]lorieta|[Uu]rbanizaci[oó]n|[Uu]rb\.|[Pp]asaje|"
    r"[Rr]ambla|Cuesta)|(?<!\w)[Cc]/)"
    r"\s*(?:(?:de|del|la|las|los|el|y|d')\s+)*[A-ZÁÉÍÓÚÑÜ][\w'ºª.]*"
    r"(?:\s+(?:(?:de|del|la|las|los|el|y)\s+)*[A-ZÁÉÍÓÚÑÜ][\w'.]*){0,5}"
    r",?\s*(?:n[º°o]\.?\s*|n[uú]mero\s+|num\.\s*)?[0-9]{1,4}(?:\s?[A-Za-z](?![\w]))?"
    r"(?:,?\s*(?:[0-9]{1,2}\s?[ºª°]\s?[A-Za-z]?(?![\w])|(?:piso|planta|puerta|pta\.|escalera|esc\.|bajo|"
    r"[aá]tico|izquierda|izq\.|izq|derecha|dcha\.|dcha|centro)(?![\w])(?:\s+[0-9A-Za-z]{1,2}(?![\w]))?))*")
_POSTCODE_ES = re.compile(r"(?:\b(?:C\.\s?P\.|CP|c[oó]digo postal)\s*:?\s*(?:0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}\b|"
                          r"(?<![\w.,])(?:0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}\s+[A-ZÁÉÍÓÚÑ][\w\-]+"
                          r"(?:\s+(?:de\s+|del\s+|de\s+la\s+)?[A-ZÁÉÍÓÚÑ][\w\-]+){0,2})")
_STREET_EN = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt\.?|Unit|Suite)\s+[0-9]+[A-Za-z]?,?\s+)?"
    r"\b[0-9]{1,4}[A-Za-z]?,?\s+(?:[A-Z][\w'\-]*\s+){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Way|Crescent|Place|Pl|Terrace|Court|Ct|"
    r"Gardens|Grove|Hill|Park|Square|Row|Boulevard|Blvd|Mews|Walk|Parade|Rise|View)\b\.?"
    r"|\b(?:Flat|Apartment|Apt\.?)\s+[0-9]+[A-Za-z]?\b")
_POSTCODE_UK = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}\b")
_US_STATES = ("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
              "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC").split()
_ZIP_US = re.compile(r"\b(?:[A-Z][a-z]+\s){0,2}[A-Z][a-z]+,\s*(?:" + "|".join(_US_STATES) +
                     r")\s+[0-9]{5}(?:-[0-9]{4})?\b")
_ADDRESS_GLUE = re.compile(r"[,\s]*(?:[A-ZÁÉÍÓÚÑ][\w'\-]+[,\s]+){0,3}")
_SENTENCE_START = re.compile(r"(?:^|[.!?¡¿\n\"“«:]\s*|\n\s*)$")


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _iban_ok(s: str) -> bool:
    s = s.replace(" ", "")
    if not 15 <= len(s) <= 34:
        return False
    num = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(num) % 97 == 1


def _dni_letter(n: int) -> str:
    return "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23]


def _phone_ok(cc: str | None, body: str, text: str, start: int, end: int) -> bool:
    digits = re.sub(r"[^0-9]", "", body)
    if _MONEY_AFTER.match(text, end) or _MONEY_BEFORE.search(text[max(0, start - 5):start]):
        return False
    if cc:
        return 6 <= len(digits) <= 13
    grouped = bool(re.search(r"[ .\-\u00a0()]", body))
    if len(digits) == 9 and digits[0] in "6789":
        return grouped or len(body) == 9
    if digits[0] == "0" and 9 <= len(digits) <= 11:
        return True
    if len(digits) == 10 and digits[0] not in "01" and grouped:
        return bool(re.fullmatch(r"\(?[0-9]{3}\)?[ .\-]?[0-9]{3}[ .\-][0-9]{4}", body))
    if len(digits) == 11 and digits[0] == "1" and grouped:
        return bool(re.fullmatch(r"1[ .\-][0-9]{3}[ .\-][0-9]{3}[ .\-][0-9]{4}", body))
    return False


def _find_patterns(text: str):
    for rx in (_EMAIL, _SPOKEN_EMAIL):
        for m in rx.finditer(text):
            yield m.start(), m.end(), "EMAIL"
    for m in _HANDLE.finditer(text):
        if len(m.group()) >= 4:
            yield m.start(), m.end(), "HANDLE"
    for rx in (_URL, _DOMAIN):
        for m in rx.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in _TRAIL:
                end -= 1
            if end > m.start():
                yield m.start(), end, "URL"
    for m in _DNI.finditer(text):
        if m["l"].upper() == _dni_letter(int(m["n"])):
            yield m.start(), m.end(), "ID"
    for m in _NIE.finditer(text):
        if m["l"].upper() == _dni_letter(int(str("XYZ".index(m["p"].upper())) + m["n"])):
            yield m.start(), m.end(), "ID"
    for m in _IBAN.finditer(text):
        if _iban_ok(m.group()):
            yield m.start(), m.end(), "ID"
    for m in _CARD.finditer(text):
        if _luhn(re.sub(r"[^0-9]", "", m.group())):
            yield m.start(), m.end(), "ID"
    for m in _NINO.finditer(text):
        yield m.start(), m.end(), "ID"
    for m in _LABELLED.finditer(text):
        ident = m["id"]
        n_digits = sum(c.isdigit() for c in ident)
        if n_digits >= 5 or (n_digits >= 4 and any(c.isalpha() for c in ident)):
            yield m.start("id"), m.end("id"), "ID"
    for m in _PHONE.finditer(text):
        if _phone_ok(m["cc"], m["body"], text, m.start(), m.end()):
            yield m.start(), m.end(), "PHONE"
    for rx in (_STREET_ES, _POSTCODE_ES, _STREET_EN, _POSTCODE_UK, _ZIP_US):
        for m in rx.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in ",. ":
                end -= 1
            yield m.start(), end, "ADDRESS"


# -- folding with offsets --------------------------------------------------------------------
def _fold_char(ch: str) -> str:
    if ch == "’":
        return "'"
    return "".join(c for c in unicodedata.normalize("NFKD", ch.lower()) if not unicodedata.combining(c))


def _fold_with_index(text: str) -> tuple[str, list[int]]:
    """``fold`` per character, with the original index of every folded character."""
    out, index = [], []
    for i, ch in enumerate(text):
        f = ch if ch.isascii() and not ch.isupper() else _fold_char(ch)
        out.append(f)
        index.extend([i] * len(f))
    return "".join(out), index


_TOKEN = re.compile(r"(?:[^\W\d_]{1,2}')?[^\W\d_]+")  # O'Connell, d'Arcy are one token
_KEY = re.compile(_B + r"[A-Za-z]{1,4}[-_]?[0-9]{2,}" + _E)
_NAME_GAP = re.compile(r"[ \t\u00a0\-_'’]+|\s+")


def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(_fold_with_index(name)[0]))
