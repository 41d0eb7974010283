"""Redaction of personal data (cjresearch.redact): the planted test set, offsets, pseudonyms and
what every export format ends up holding."""
from __future__ import annotations

import csv
import importlib.util
import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjresearch.export import export_map
from cjresearch.model import JourneyMap, Lane, MapItem, Persona, PhaseColumn, Quote
from cjresearch.nlp import fold
from cjresearch.redact import Redactor, looks_like_name, redact_journey

ROOT = Path(__file__).resolve().parents[1]
RED = ROOT / "tests" / "data" / "redaction"


def _bench():
    spec = importlib.util.spec_from_file_location("eval_redaction", ROOT / "bench" / "eval_redaction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    return _bench()


@pytest.fixture(scope="module")
def people():
    with open(RED / "participants.csv", encoding="utf-8") as f:
        return {row["id"]: row["name"] for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def red(people):
    return Redactor(names=people, keys=list(people), terms=["Frutas Ortega", "Ashgrove Primary"], salt="test")


def spans(redactor, text, **kw):
    return [(text[s.start:s.end], s.kind) for s in redactor.redact(text, **kw).spans]


# -- the planted set ------------------------------------------------------------------------
def test_planted_set_is_big_enough_and_offsets_match_the_markup(bench):
    for lang in ("es", "en"):
        items = bench.load_items(lang)
        assert len(items) >= 120
        assert sum(1 for i in items if not i["spans"]) >= 25  # negatives
        kinds = {s["kind"] for i in items for s in i["spans"]}
        assert {"EMAIL", "PHONE", "URL", "ADDRESS", "NAME", "TERM", "ID"} <= kinds
        for item in items:
            for s in item["spans"]:
                assert item["text"][s["start"]:s["end"]] == s["text"]
                assert "{{%s:%s}}" % (s["kind"], s["text"]) in item["markup"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_recall_and_precision_on_planted_personal_data(bench, lang):
    result = bench.score(bench.load_items(lang), bench.redactor_for(lang))
    recall, precision = bench.ratio(result["recall"]["ALL"]), bench.ratio(result["precision"]["ALL"])
    print(f"{lang}: recall {recall:.3f} precision {precision:.3f}")
    assert recall >= 0.95, result["misses"]
    assert precision >= 0.85, result["false"]
    for kind in ("EMAIL", "PHONE", "URL", "ID"):  # the regular kinds must not miss at all
        caught, total = result["recall"][kind]
        assert caught == total, [m for m in result["misses"] if m[1] == kind]


# -- each kind, both sides --------------------------------------------------------------------
@pytest.mark.parametrize("text, found", [
    ("Llámame al 612 345 678 mañana", "612 345 678"),
    ("mi móvil +34 612 34 56 78.", "+34 612 34 56 78"),
    ("el fijo es 91.234.56.78", "91.234.56.78"),
    ("ring 07700 900123 after six", "07700 900123"),
    ("or +44 (0)117 496 0123 at work", "+44 (0)117 496 0123"),
    ("US office (555) 123-4567.", "(555) 123-4567"),
    ("Tel:699112233", "699112233"),
])
def test_phone_shapes_are_found(red, text, found):
    assert (found, "PHONE") in spans(red, text)


@pytest.mark.parametrize("text", [
    "Pagué 49,90 € por la cesta en 2024.", "El pedido del 12/03/2024 llegó a las 22:15.",
    "facturó 900.000.000 euros", "It came to £1,299.00 in June 2024.", "Flight BA 2490 at 14:05.",
    "un pedido 2023 muy caro", "Compré 3 kilos por 12,40 €", "Call 999 or 112.",
    "Entre 2019 2020 y 2021 subió.", "la ronda de 30 euros", "Camino 20 minutos",
])
def test_numbers_that_are_not_personal_data_stay(red, text):
    assert red.redact(text).text == text


def test_ids_are_validated_and_order_numbers_need_a_label(red):
    assert spans(red, "DNI 12345678Z") == [("12345678Z", "ID")]
    assert red.redact("DNI 12345678A").text == "DNI 12345678A"  # wrong check letter
    assert spans(red, "IBAN ES91 2100 0418 4502 0005 1332") == [("ES91 2100 0418 4502 0005 1332", "ID")]
    assert red.redact("ES91 2100 0418 4502 0005 1333").text.startswith("ES91")  # bad mod 97
    assert spans(red, "card 4111 1111 1111 1111 declined") == [("4111 1111 1111 1111", "ID")]
    assert red.redact("card 4111 1111 1111 1112 declined").text.endswith("1112 declined")  # Luhn
    assert spans(red, "mi pedido 4821937 llegó tarde") == [("4821937", "ID")]
    assert spans(red, "order number K7Q2-88412 was lost") == [("K7Q2-88412", "ID")]
    assert red.redact("compré 4821937 hojas").text == "compré 4821937 hojas"


def test_emails_urls_and_addresses(red):
    text = ("Escríbeme a mj.perez@correo.es o mira tienda.es/ofertas y https://x.com/a?b=1. "
            "Vivo en Calle Mayor 12, 3ºB, 28013 Madrid.")
    assert red.redact(text).text == "Escríbeme a [EMAIL] o mira [URL] y [URL]. Vivo en [ADDRESS]."
    en = "Flat 3, 17 Elm Grove, Bristol BS1 4DJ; or Austin, TX 78701. File: notes.pdf, e.g. fine."
    assert red.redact(en).text == "[ADDRESS]; or [ADDRESS]. File: notes.pdf, e.g. fine."
    assert red.redact("la Plaza Mayor estaba llena").text == "la Plaza Mayor estaba llena"


# -- names --------------------------------------------------------------------------------------
def test_a_listed_name_matches_in_any_case_and_accent_form(red):
    p = "[" + red.pseudonym("R01") + "]"
    for form in ("María José Pérez", "maria jose perez", "MARÍA JOSÉ PÉREZ GIL", "Maria Jose", "Pérez Gil"):
        assert red.redact(f"Hablé con {form} ayer.").text == f"Hablé con {p} ayer.", form
    assert red.redact("Lo dijo Pérez.").text == f"Lo dijo {p}."  # a listed surname, capitalised
    assert red.redact("Lo dijo pérez.").text == "Lo dijo pérez."  # lower-case surname alone: no
    assert red.redact("le dije a maría que sí").text == f"le dije a {p} que sí"  # given name: yes
    o = "[" + red.pseudonym("R09") + "]"
    assert red.redact("O’Connell agreed, and Siobhan O'Connell too.").text == f"{o} agreed, and {o} too."


def test_names_that_are_also_words_need_capitals_and_context(red):
    rosa = "[" + red.pseudonym("R04") + "]"
    assert (red.redact("Le dije a Rosa que la camiseta rosa no.").text
            == f"Le dije a {rosa} que la camiseta rosa no.")
    assert red.redact("La factura de la luz subió.").text == "La factura de la luz subió."
    assert red.redact("Mi marido se compró un Mercedes.").text == "Mi marido se compró un Mercedes."
    assert red.redact("My brother bought a Mercedes.").text == "My brother bought a Mercedes."
    assert red.redact("Hablé con Mercedes ayer.").text == f"Hablé con [{red.pseudonym('R05')}] ayer."
    assert red.redact("I will say it. The price went up.").text == "I will say it. The price went up."
    assert red.redact("Price match? Never.").text == "Price match? Never."  # opens a sentence
    assert red.redact("Spoke to Will on Tuesday.").text == f"Spoke to [{red.pseudonym('R13')}] on Tuesday."
    assert red.redact("Mrs Grace said so.").text == f"Mrs [{red.pseudonym('R12')}] said so."


def test_custom_terms_are_whole_words_in_any_case(red):
    assert red.redact("Trabajo en FRUTAS ORTEGA desde 2019.").text == "Trabajo en [TERM] desde 2019."
    assert red.redact("the kids go to ashgrove primary").text == "the kids go to [TERM]"
    assert red.redact("Frutas Ortegasa").text != "[TERM]sa"


def test_overlapping_findings_merge_so_nothing_leaks(red):
    text = "mi correo es maria.jose.perez@correo.es"
    assert red.redact(text).text == "mi correo es [EMAIL]"
    assert red.redact("Calle de Rosa Delgado 4").text == "[ADDRESS]"


def test_speaker_labels_that_are_names():
    assert looks_like_name("Siobhán O'Connell") and looks_like_name("Marta")
    assert not any(map(looks_like_name, ["Interviewer", "Speaker 2", "P01", "Entrevistadora", None, "marta"]))


# -- pseudonyms -----------------------------------------------------------------------------------
def test_pseudonyms_are_stable_salted_and_unique():
    a, b = Redactor(salt="one"), Redactor(salt="one")
    assert a.pseudonym("R01") == b.pseudonym("R01") == a.pseudonym(" r01 ")
    assert re.fullmatch(r"P-[0-9A-F]{4,}", a.pseudonym("R01"))
    assert Redactor(salt="two").pseudonym("R01") != a.pseudonym("R01")
    many = Redactor(salt="s", keys=[f"R{i:05d}" for i in range(5000)])
    assert len({many.pseudonym(f"R{i:05d}") for i in range(5000)}) == 5000
    r = Redactor(names={"R01": "María José Pérez"}, salt="one")
    assert r.redact("maria jose").text == r.redact("Pérez dijo").text.split()[0] == f"[{a.pseudonym('R01')}]"


def test_a_token_shared_by_two_participants_is_a_plain_name():
    r = Redactor(names={"A": "Ana Ruiz", "B": "Ana Gil"}, salt="x")
    assert r.redact("Ana dijo que sí").text == "[NAME] dijo que sí"
    assert r.redact("Ana Gil dijo que sí").text == f"[{r.pseudonym('B')}] dijo que sí"


# -- offsets --------------------------------------------------------------------------------------
PII = ["612 345 678", "mj.perez@correo.es", "María José", "pérez", "Calle Mayor 12, 3ºB",
       "https://tienda.es/a", "12345678Z", "Frutas Ortega", "Rosa", "07700 900123", "ＭＡＲÍＡ"]


def _expected(redacted, s, e):
    """The segment [s, e) as it should read after redaction: its own characters outside spans,
    and each placeholder whose span it touches (a segment strictly inside a span keeps it too)."""
    out, pos = [], s
    for sp in redacted.spans:
        if sp.start < e and sp.end > s:
            out.append(redacted.original[pos:max(pos, sp.start)])
            out.append(sp.replacement)
            pos = sp.end
    out.append(redacted.original[pos:e] if pos < e else "")
    return "".join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(PII)), max_size=12), st.data())
def test_offsets_map_every_segment_onto_its_redacted_text(pieces, data):
    red = Redactor(names={"R01": "María José Pérez Gil", "R04": "Rosa Delgado"}, terms=["Frutas Ortega"],
                   salt="p")
    text = " ".join(pieces)
    r = red.redact(text)
    # outside spans the text is untouched, and the spans are disjoint and ordered
    last = 0
    for sp in r.spans:
        assert last <= sp.start < sp.end
        assert r.text[r.map(last):sp.new_start] == text[last:sp.start]
        assert r.text[sp.new_start:sp.new_end] == sp.replacement
        last = sp.end
    assert r.text[r.map(last):] == text[last:]
    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    assert r.map(s) <= r.map(e) and r.map(s, "end") <= r.map(e, "end") and r.map(s) <= r.map(s, "end")
    assert r.text[r.map(s):r.map(e, "end")] == _expected(r, s, e)


def test_planted_pii_inside_a_segment_is_replaced_in_the_mapped_quote(red):
    text = "Entrevista. Marta dijo: llámame al 612 345 678, vivo en Calle Mayor 12. Fin."
    r = red.redact(text)
    s, e = text.index("llámame"), text.index(" Fin")
    qs, qe = r.map_span(s, e)
    assert r.text[qs:qe] == "llámame al [PHONE], vivo en [ADDRESS]."
    cut = text.index("345")  # a quote ending inside the phone keeps the whole placeholder
    assert r.text[r.map(s):r.map(cut, "end")] == "llámame al [PHONE]"


# -- journeys -------------------------------------------------------------------------------------
def _small_journey(source_text: str) -> JourneyMap:
    start = source_text.index("Mi vecina")
    end = len(source_text)
    quote = Quote(coding_id=1, segment_id=1, text=source_text[start:end], source="es_01_grace_harlow.txt",
                  source_id=7, start=start, end=end, participant="R12", speaker="Grace", t0=12.0,
                  language="es")
    items = [MapItem(lane="pains", phase="experience", statement="harlow · car", quotes=[quote], key="t:harlow"),
             MapItem(lane="pains", phase="experience", statement="Retrasos que cuenta Grace Harlow")]
    return JourneyMap(persona=Persona(name="Familia", summary={"es": "Como dice Grace Harlow, falta tiempo."}),
                      framework="classic", framework_name="Clásico", language="es",
                      phases=[PhaseColumn(id="experience", label="Experiencia", classic=[])],
                      lanes=[Lane(id="pains", label="Dolores")], items=items)


def test_redact_journey_covers_topic_words_statements_and_keeps_offsets(red):
    source = "Grace: Hola. Mi vecina Grace Harlow pide en frutas ortega y su móvil es 612 345 678."
    journey = _small_journey(source)
    out = redact_journey(journey, red, sources={7: source})
    g = red.pseudonym("R12")
    assert out.items[0].statement == f"[{g}] · car"  # lower-cased topic words still redacted
    assert out.items[1].statement == f"Retrasos que cuenta [{g}]"
    assert "Grace" not in out.persona.summary["es"]
    q = out.items[0].quotes[0]
    assert q.text == f"Mi vecina [{g}] pide en [TERM] y su móvil es [PHONE]."
    assert red.redact(source).text[q.start:q.end] == q.text
    assert (q.participant, q.speaker, q.source) == (g, g, f"es_01_[{g}].txt")
    assert journey.items[0].quotes[0].text.startswith("Mi vecina Grace")  # the original is untouched
    alone = redact_journey(journey, red).items[0].quotes[0]  # no source: the quote alone
    assert alone.text == q.text and alone.end - alone.start == len(alone.text)


def test_redacted_demo_exports_hold_no_participant_name(demo, tmp_path):
    names = sorted({fold(r[0]) for r in demo.con.execute(
        "SELECT name FROM participants WHERE name IS NOT NULL") if looks_like_name(r[0])})
    keys = [fold(r[0]) for r in demo.con.execute("SELECT key FROM participants WHERE role='participant'")]
    assert {"marta", "laura", "siobhan", "tom"} <= set(names)
    redactor = Redactor.for_project(demo.con, terms=["Hipercentro"], salt="demo")
    words = lambda text: set(re.findall(r"[^\W_]+", fold(text)))  # noqa: E731
    for persona in demo.personas():
        journey = demo.map(persona.name)
        plain = export_map(journey, tmp_path / "plain.md").read_text("utf-8")
        assert words(plain) & set(names), "the unredacted map should name someone"
        out = redact_journey(journey, redactor)
        for ext in ("html", "md", "json", "xlsx"):
            path = export_map(out, tmp_path / f"map.{ext}")
            if ext == "xlsx":
                with zipfile.ZipFile(path) as z:
                    text = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
            else:
                text = path.read_text("utf-8")
            found = words(text)
            assert not found & set(names), (ext, found & set(names))
            assert "hipercentro" not in found
            assert not found & {k for k in keys if re.fullmatch(r"p\d\d", k)}, ext
        data = json.loads((tmp_path / "map.json").read_text("utf-8"))
        pseudonyms = {q["participant"] for i in data["items"] for q in i["quotes"] if q["participant"]}
        assert pseudonyms and all(re.fullmatch(r"P-[0-9A-F]{4,}", p) for p in pseudonyms)
        redacted = {sid: redactor.redact(text).text
                    for sid, text in demo.con.execute("SELECT id, text FROM sources")}
        for q in out.all_quotes():
            assert redacted[q.source_id][q.start:q.end] == q.text
