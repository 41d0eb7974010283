"""REFI-QDA (.qdpx / .qdc) export and import: schema validity, round trips, other tools' files,
and hostile archives (each refused with one clear error, the project left as it was)."""
from __future__ import annotations

import hashlib
import json
import importlib.util
import itertools
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from cjresearch import Project, UserError, store, tables
from cjresearch.interop import export_qdc, export_qdpx, import_qdc, import_qdpx

from conftest import CORPORA, DATA

REFI = DATA / "refi-qda"
NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ORDER = ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs",
         "Description", "NoteRef"]
CONTAINERS = {"Users", "CodeBook", "Codes", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs"}
EMOJI_TEXT = ("Entrevistadora: ¿Qué tal la última compra?\n"
              "Zoë: ¡Genial! 🎉🎉 El repartidor llegó puntualísimo 👍🏽 y la app funcionó.\n"
              "Entrevistadora: ¿Algo que mejorar?\n"
              "Zoë: La fruta llegó golpeada 😞, eso me molestó muchísimo.\n")


def _hostile():
    spec = importlib.util.spec_from_file_location("make_hostile_qdpx", DATA / "bad" / "make_hostile_qdpx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(REFI / name)))


def qde_of(path: Path):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("project.qde")), {n: zf.read(n) for n in zf.namelist()}


def snapshot(con) -> dict:
    tables_ = ["sources", "participants", "turns", "segments", "codes", "codings", "runs", "meta"]
    counts = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables_}
    counts["meta_refi"] = con.execute("SELECT value FROM meta WHERE key='refi_guids'").fetchone()
    counts["meta_refi"] = counts["meta_refi"][0] if counts["meta_refi"] else None
    counts["segments_sum"] = con.execute("SELECT COALESCE(SUM(start * 7 + end), 0) FROM segments").fetchone()[0]
    return counts


def zip_folder(folder: Path, out: Path, rename: dict | None = None) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                name = f.relative_to(folder).as_posix()
                zf.writestr((rename or {}).get(name, name), f.read_bytes())
    return out


def spans(con) -> set:
    """(source text hash, start, end, dimension, code path, who) for every exported-kind coding."""
    parents = {r["id"]: r for r in con.execute("SELECT id, parent_id, name FROM codes")}

    def path(cid):
        names = []
        while cid is not None:
            names.append(parents[cid]["name"])
            cid = parents[cid]["parent_id"]
        return "/".join(reversed(names))
    rows = con.execute("""SELECT src.text, c.start, c.end, k.dimension, k.id AS code_id, c.origin, c.author,
                                 c.status, c.coder FROM codings c JOIN segments s ON s.id = c.segment_id
                          JOIN sources src ON src.id = s.source_id JOIN codes k ON k.id = c.code_id
                          WHERE c.origin = 'manual' OR c.status = 'accepted'""").fetchall()
    return {(hashlib.sha256(r["text"].encode()).hexdigest(), r["start"], r["end"], r["dimension"],
             path(r["code_id"]), r["origin"], r["author"], r["status"], r["coder"]) for r in rows}


class FakeRedactor:
    """Names -> placeholders of another length, with the monotone offset map the real one gives."""
    NAMES = {"Marta": "[P-01]", "Zoë": "Z", "Laura": "[ENTREVISTADORA-1]"}

    def redact(self, text: str):
        out, mapping, pos = [], [], 0
        for m in re.finditer("|".join(self.NAMES), text):
            for i in range(pos, m.start()):
                mapping.append(len("".join(out)) + i - pos)
            out.append(text[pos:m.start()])
            base = len("".join(out))
            mapping += [base] * (m.end() - m.start())
            out.append(self.NAMES[m.group()])
            pos = m.end()
        base = len("".join(out))
        mapping += [base + i for i in range(len(text) - pos + 1)]
        out.append(text[pos:])
        return SimpleNamespace(text="".join(out), map=lambda p: mapping[p])

    def pseudonym(self, key: str) -> str:
        return "case-" + hashlib.sha1(key.encode()).hexdigest()[:6]


# -- a small coded project, built once -----------------------------------------------------

@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("refi")
    emoji = folder / "es_11_zoe.txt"
    emoji.write_text(EMOJI_TEXT, "utf-8")
    p = Project.create(folder / "a.cjproj")
    p.import_participants(CORPORA / "participants.csv")
    survey = folder / "pulse.csv"
    survey.write_text(
        "respondent_id,age,plan,reason_text\n"
        "R1,34,plus,\"Process of elimination: the other shop has 4-hour slots.\"\n"
        "R2,51,standard,Llegó tarde otra vez y nadie avisó. Muy mal.\n"
        "R3,28,plus,\"Fast delivery.\n\nBut the bananas were green!\"\n", "utf-8")
    p.import_files([CORPORA / "interviews" / "es_01_marta.txt", CORPORA / "interviews" / "en_06_daniel.vtt", emoji])
    p.import_files([survey], text_columns=["reason_text"], id_column="respondent_id")
    p.code(coders=["rules"])
    suggested = p.codings(status="suggested")
    p.accept(suggested["coding_id"].iloc[::7].tolist())
    p.reject(suggested["coding_id"].iloc[3::7].tolist())
    zoe = p.con.execute("SELECT id, text FROM sources WHERE name='es_11_zoe.txt'").fetchone()
    a = zoe["text"].index("La fruta llegó golpeada")
    b = a + len("La fruta llegó golpeada")
    seg = p.con.execute("SELECT id FROM segments WHERE source_id=? AND start<=? AND end>=?", (zoe["id"], a, b)).fetchone()
    p.tag(seg["id"], "fruta dañada", dimension="custom", start=a, end=b, author="ana", note="revisar")
    segs = p.segments(evidence_only=True)
    p.tag(int(segs["segment_id"].iloc[2]), "pain", dimension="evidence", author="ana")
    p.tag(int(segs["segment_id"].iloc[5]), "delivery slot", dimension="custom")  # no author
    with store.atomic(p.con):
        parent = tables.ensure_code(p.con, "custom", "Producto", description="Daños en productos frescos",
                                    colour="#CC3300")
        p.con.execute("UPDATE codes SET parent_id=?, colour='#ff9900', label='Fruta dañada', memo=? "
                      "WHERE name='fruta dañada'", (parent, "Preguntar a logística.\n\nVer pedido 4471."))
    out = folder / "a.qdpx"
    report = export_qdpx(p.con, out)
    yield SimpleNamespace(project=p, qdpx=out, report=report, folder=folder, fruit=(a, b), zoe=zoe["text"])
    p.close()


def test_export_validates_and_follows_the_traps(coded):
    root, members = qde_of(coded.qdpx)
    assert schema("Project-mrt2019.xsd").validate(root), schema("Project-mrt2019.xsd").error_log
    names = [etree.QName(c).localname for c in root]
    assert names == sorted(names, key=ORDER.index) and names[:5] == ORDER[:5]
    for el in root.iter():
        if etree.QName(el).localname in CONTAINERS:
            assert len(el), f"empty <{etree.QName(el).localname}>"
    assert "basePath" not in root.attrib
    guids = [v for el in root.iter() for k, v in el.attrib.items() if k in ("guid", "targetGUID", "creatingUser")]
    assert guids and all(GUID.match(g) for g in guids)
    declared = [el.get("guid") for el in root.iter() if el.get("guid")]
    assert len(declared) == len(set(declared))
    code_guids = {c.get("guid") for c in root.iterfind(".//q:Code", NS)}
    for coding in root.iterfind(".//q:Coding", NS):
        refs = coding.findall("q:CodeRef", NS)
        assert len(refs) == 1 and refs[0].get("targetGUID") in code_guids
    sources = root.findall(".//q:TextSource", NS)
    assert len(sources) == 4
    for src in sources:
        assert src.get("plainTextPath") == f"internal://{src.get('guid')}.txt"
        assert src.find("q:PlainTextContent", NS) is None
        assert f"sources/{src.get('guid')}.txt" in members
    users = {u.get("name") for u in root.iterfind(".//q:User", NS)}
    assert users == {"ana", "anonymous", "auto-coder: rules, seed 7"}
    report = coded.report
    assert report["codings"] == len(root.findall(".//q:Coding", NS))
    assert any(line.startswith("rejected codings: ") for line in report["data_loss"])
    assert report["not_exported"]["suggested codings (pass include_suggestions=True to export them)"] > 0


def test_codebook_keeps_dimensions_hierarchy_colour_and_memo(coded):
    root, _ = qde_of(coded.qdpx)
    top = {c.get("name"): c for c in root.find("q:CodeBook/q:Codes", NS)}
    assert {"phase", "evidence", "custom"} <= set(top) and all(c.get("isCodable") == "false" for c in top.values())
    producto = top["custom"].find("q:Code[@name='Producto']", NS)
    fruit = producto.find("q:Code[@name='fruta dañada']", NS)
    assert producto.get("color") == "#CC3300" and fruit.get("color") == "#ff9900"
    assert fruit.find("q:Description", NS).text == (
        "Label: Fruta dañada\n\nMemo: Preguntar a logística.\n\nVer pedido 4471.")
    assert top["evidence"].find("q:Code[@name='pain']", NS) is not None


def test_offsets_are_code_points_end_exclusive(coded):
    root, members = qde_of(coded.qdpx)
    src = root.find(".//q:TextSource[@name='es_11_zoe.txt']", NS)
    text = members[f"sources/{src.get('guid')}.txt"].decode("utf-8")
    assert text == coded.zoe
    a, b = coded.fruit
    sel = [s for s in src.iterfind("q:PlainTextSelection", NS)
           if (int(s.get("startPosition")), int(s.get("endPosition"))) == (a, b)]
    assert len(sel) == 1 and text[a:b] == "La fruta llegó golpeada"
    assert len(text[:a].encode("utf-8")) != a and len(text[:a].encode("utf-16-le")) // 2 != a  # emoji before it
    assert "origin: manual" in sel[0].find("q:Description", NS).text and "revisar" in sel[0].find("q:Description", NS).text
    quotes = {(r["start"], r["end"]): r["text"][r["start"]:r["end"]] for r in coded.project.con.execute(
        "SELECT c.start, c.end, src.text FROM codings c JOIN segments s ON s.id=c.segment_id "
        "JOIN sources src ON src.id=s.source_id WHERE src.name='es_11_zoe.txt'")}
    for s in src.iterfind("q:PlainTextSelection", NS):
        start, end = int(s.get("startPosition")), int(s.get("endPosition"))
        assert text[start:end] == quotes[(start, end)]


def test_machine_codings_are_exported_honestly(coded):
    root, _ = qde_of(coded.qdpx)
    auto = root.find(".//q:User[@name='auto-coder: rules, seed 7']", NS).get("guid")
    machine = [s for s in root.iterfind(".//q:PlainTextSelection", NS) if s.find("q:Coding", NS).get("creatingUser") == auto]
    n_accepted = coded.project.con.execute(
        "SELECT COUNT(*) FROM codings WHERE origin='rule' AND status='accepted'").fetchone()[0]
    assert len(machine) == n_accepted > 0
    assert all(re.match(r"origin: rule; coder: \w+; status: accepted; confidence: \d\.\d{4}",
                        s.find("q:Description", NS).text) for s in machine)


def test_export_is_byte_identical_when_repeated(coded, tmp_path):
    again = export_qdpx(coded.project.con, tmp_path / "again.qdpx")
    assert (tmp_path / "again.qdpx").read_bytes() == coded.qdpx.read_bytes()
    assert again["codings"] == coded.report["codings"]


def test_suggestions_only_on_request_and_rejected_never(coded, tmp_path):
    con = coded.project.con
    report = export_qdpx(con, tmp_path / "s.qdpx", include_suggestions=True)
    root, _ = qde_of(tmp_path / "s.qdpx")
    assert schema("Project-mrt2019.xsd").validate(root)
    want = con.execute("SELECT COUNT(*) FROM codings WHERE status != 'rejected'").fetchone()[0]
    assert report["codings"] == len(root.findall(".//q:Coding", NS)) == want > coded.report["codings"]
    assert not any("status: rejected" in (d.text or "") for d in root.iterfind(".//q:PlainTextSelection/q:Description", NS))


def test_round_trip_keeps_texts_codes_spans_and_guids(coded, tmp_path):
    b = Project.create(tmp_path / "b.cjproj")
    report = import_qdpx(b.con, coded.qdpx)
    assert report["sources"] == 4 and report["codings"] == coded.report["codings"]
    assert b.doctor() == []
    a_con = coded.project.con
    texts = lambda con: {r[0]: r[1] for r in con.execute("SELECT name, text FROM sources")}  # noqa: E731
    assert texts(b.con) == texts(a_con)
    codes = lambda con: {(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in con.execute(  # noqa: E731
        "SELECT k.dimension, k.name, p.name, k.label, k.description, k.memo, k.colour FROM codes k "
        "LEFT JOIN codes p ON p.id = k.parent_id")}
    assert codes(b.con) == codes(a_con)
    assert spans(b.con) == spans(a_con)
    people = lambda con: {(r[0], r[1], r[2], tuple(sorted((k, v) for k, v in json.loads(r[3]).items() if v is not None))) for r in con.execute(  # noqa: E731
        "SELECT key, name, role, attributes FROM participants")}
    assert people(b.con) == people(a_con)  # respondents too; no speaker invented from "Process of elimination:"
    segs = lambda con: {tuple(r) for r in con.execute(  # noqa: E731
        "SELECT src.name, s.start, s.end, s.speaker IS NULL, s.is_evidence FROM segments s "
        "JOIN sources src ON src.id = s.source_id WHERE src.kind = 'interview'")}
    assert segs(b.con) == segs(a_con)
    survey_segs = lambda con: {tuple(r) for r in con.execute(  # noqa: E731
        "SELECT s.start, s.end FROM segments s JOIN sources src ON src.id = s.source_id WHERE src.kind='survey'")}
    assert survey_segs(b.con) == survey_segs(a_con) and survey_segs(a_con)
    export_qdpx(b.con, tmp_path / "b.qdpx", project_name="a")
    root_a, members_a = qde_of(coded.qdpx)
    root_b, members_b = qde_of(tmp_path / "b.qdpx")
    assert schema("Project-mrt2019.xsd").validate(root_b)
    guids = lambda root, tag: {e.get("guid") for e in root.iterfind(f".//q:{tag}", NS)}  # noqa: E731
    for tag in ("TextSource", "Code", "PlainTextSelection", "Coding", "User", "Variable", "Case"):
        assert guids(root_b, tag) == guids(root_a, tag), tag
    assert {k: v for k, v in members_b.items() if k.startswith("sources/")} == \
        {k: v for k, v in members_a.items() if k.startswith("sources/")}
    again = import_qdpx(b.con, coded.qdpx)  # the same file twice adds nothing
    assert again["sources"] == 0 and again["codings"] == 0 and again["codings_duplicate"] == report["codings"]
    assert spans(b.con) == spans(a_con)
    b.close()


def test_redacted_export_maps_offsets_and_pseudonymises(coded, tmp_path):
    redactor = FakeRedactor()
    report = export_qdpx(coded.project.con, tmp_path / "r.qdpx", redactor=redactor)
    root, members = qde_of(tmp_path / "r.qdpx")
    assert schema("Project-mrt2019.xsd").validate(root) and report["redacted"]
    texts = {m: v.decode() for m, v in members.items() if m.startswith("sources/")}
    assert not any(name in t for t in texts.values() for name in ("Marta", "Zoë", "Laura"))
    cases = {c.get("name") for c in root.iterfind(".//q:Case", NS)}
    assert redactor.pseudonym("P01") in cases and "P01" not in cases and "Zoë" not in cases
    assert root.find(".//q:Case/q:Description", NS) is None  # real names are not written
    src = root.find(".//q:TextSource[@name='es_11_zoe.txt']", NS)
    text = texts[f"sources/{src.get('guid')}.txt"]
    quotes = [text[int(s.get("startPosition")):int(s.get("endPosition"))] for s in src.iterfind("q:PlainTextSelection", NS)]
    assert "La fruta llegó golpeada" in quotes  # offsets moved with the shorter name before them
    original = {redactor.redact(r[0]).text for r in coded.project.con.execute("SELECT name FROM sources")}
    assert {s.get("name") for s in root.iterfind(".//q:TextSource", NS)} == original


def test_export_with_the_project_redactor(coded, tmp_path):
    redact = pytest.importorskip("cjresearch.redact")
    con = coded.project.con
    redactor = redact.Redactor.for_project(con, salt="t")
    export_qdpx(con, tmp_path / "r.qdpx", redactor=redactor)
    root, members = qde_of(tmp_path / "r.qdpx")
    assert schema("Project-mrt2019.xsd").validate(root)
    texts = " ".join(v.decode() for m, v in members.items() if m.startswith("sources/"))
    assert "Marta" not in texts and "Daniel" not in texts
    assert {c.get("name") for c in root.iterfind(".//q:Case", NS)} >= {redactor.pseudonym("P01")}
    imported = Project.create(tmp_path / "r.cjproj")  # a redacted export imports cleanly
    assert import_qdpx(imported.con, tmp_path / "r.qdpx")["codings"] == coded.report["codings"]
    assert imported.doctor() == []
    imported.close()


def test_qdc_export_validates_and_import_adds_codes(coded, tmp_path):
    report = export_qdc(coded.project.con, tmp_path / "book.qdc")
    doc = etree.parse(str(tmp_path / "book.qdc"))
    assert schema("Codebook-v1.0-openqda.xsd").validate(doc), schema("Codebook-v1.0-openqda.xsd").error_log
    n = coded.project.con.execute("SELECT COUNT(*) FROM codes").fetchone()[0]
    assert report["codes"] == n
    fresh = Project.create(tmp_path / "c.cjproj")
    added = import_qdc(fresh.con, tmp_path / "book.qdc")
    assert added["codes"] == n
    row = fresh.con.execute("SELECT k.colour, k.label, p.name FROM codes k JOIN codes p ON p.id=k.parent_id "
                            "WHERE k.name='fruta dañada'").fetchone()
    assert tuple(row) == ("#ff9900", "Fruta dañada", "Producto")
    assert import_qdc(fresh.con, tmp_path / "book.qdc")["codes"] == 0  # nothing twice
    fresh.close()


# -- other tools' files ---------------------------------------------------------------------

def test_import_qualcoder_inline_text(project, tmp_path):
    qdpx = tmp_path / "piloto.qdpx"
    with zipfile.ZipFile(qdpx, "w") as zf:
        zf.writestr("project.qde", (REFI / "qualcoder_inline.qde").read_bytes())
    report = import_qdpx(project.con, qdpx)
    assert report["sources"] == 1 and report["codings"] == 3 and report["participants"] == 1
    assert "Folleto Cesta.pdf (PDF)" in report["skipped_sources"]
    assert any(line.startswith("notes: 1") for line in report["data_loss"])
    frame = project.codings()
    got = {(r.dimension, r.code, r.author, r.origin, r.status) for r in frame.itertuples()}
    assert got == {("phase", "awareness", "lucia", "manual", "accepted"),
                   ("phase", "purchase", "lucia", "manual", "accepted"),
                   ("custom", "Retraso", "marcos", "manual", "accepted")}
    text = project.con.execute("SELECT text FROM sources").fetchone()[0]
    quotes = {r.code: text[r.start:r.end] for r in frame.itertuples()}
    assert quotes["Retraso"] == "el pedido llegó dos horas tarde"
    assert project.con.execute("SELECT p.name FROM codes k JOIN codes p ON p.id=k.parent_id WHERE k.name='Retraso'").fetchone()[0] == "Entrega"
    paula = project.participants().set_index("key").loc["Paula"]
    assert (paula["edad"], paula["plan"], paula["newsletter"]) == (41, "plus", True)
    seg = frame.set_index("code").loc["Retraso"]
    assert seg["participant"] == "Paula"  # the speaker label found the case
    assert project.doctor() == []


@pytest.mark.parametrize("case", ["LF text, offsets counted over CRLF", "CRLF file, offsets counted over LF"])
def test_offsets_in_another_line_end_convention_are_detected(project, tmp_path, case):
    """Some tools count line ends differently from the text they write; the selections' names
    (their quoted text) show which reading is right."""
    xml = (REFI / "qualcoder_inline.qde").read_text("utf-8")
    text = re.search(r"<PlainTextContent>(.*?)</PlainTextContent>", xml, re.S).group(1)
    members = {}
    if case.startswith("LF text"):
        def crlf_counted(m):
            pos = int(m.group(2))
            return f'{m.group(1)}="{pos + text[:pos].count(chr(10))}"'
        xml = re.sub(r'(startPosition|endPosition)="(\d+)"', crlf_counted, xml)
        expect = "counted over CRLF line ends"
    else:
        guid = "50000000-0000-4000-8000-000000000001"
        xml = xml.replace(f"<PlainTextContent>{text}</PlainTextContent>", "").replace(
            'name="Entrevista Paula"', f'name="Entrevista Paula" plainTextPath="internal://{guid}.txt"')
        members[f"sources/{guid}.txt"] = text.replace("\n", "\r\n").encode("utf-8")
        expect = "counted over LF line ends"
    with zipfile.ZipFile(tmp_path / "lines.qdpx", "w") as zf:
        zf.writestr("project.qde", xml)
        for name, data in members.items():
            zf.writestr(name, data)
    report = import_qdpx(project.con, tmp_path / "lines.qdpx")
    assert any(expect in line for line in report["data_loss"]), report["data_loss"]
    stored = project.con.execute("SELECT text FROM sources").fetchone()[0]
    assert stored == text
    assert {stored[r.start:r.end] for r in project.codings().itertuples()} == {
        "Me lo recomendó mi hermana", "Pagué con tarjeta sin problema", "el pedido llegó dos horas tarde"}


def test_control_characters_do_not_break_the_xml(coded, tmp_path):
    con = coded.project.con
    seg = int(coded.project.segments(evidence_only=True)["segment_id"].iloc[0])
    cid = coded.project.tag(seg, "bell\x07code", dimension="custom", author="ana", note="beep\x00\x0b")
    try:
        export_qdpx(con, tmp_path / "ctl.qdpx")
        root, _ = qde_of(tmp_path / "ctl.qdpx")
        assert schema("Project-mrt2019.xsd").validate(root)
        assert root.find(".//q:Code[@name='bellcode']", NS) is not None
    finally:
        with store.atomic(con):
            con.execute("DELETE FROM codings WHERE id=?", (cid,))
            con.execute("DELETE FROM codes WHERE name=?", ("bell\x07code",))


@pytest.mark.parametrize("crlf", [False, True])
def test_import_atlas_named_qde_with_emoji_and_a_coding_across_turns(project, tmp_path, crlf):
    folder = REFI / "atlas_like"
    qdpx = zip_folder(folder, tmp_path / "atlas.qdpx")
    member = next((folder / "sources").iterdir())
    lf_text = member.read_text("utf-8")
    if crlf:  # same text with Windows line ends; offsets counted in that text
        raw = lf_text.replace("\n", "\r\n")
        xml = (folder / "Cesta study.qde").read_text("utf-8")

        def shift(m):
            pos = int(m.group(2))
            return f'{m.group(1)}="{pos + lf_text[:pos].count(chr(10))}"'
        xml = re.sub(r'(startPosition|endPosition)="(\d+)"', shift, xml)
        with zipfile.ZipFile(qdpx, "w") as zf:
            zf.writestr("Cesta study.qde", xml)
            zf.writestr(f"sources/{member.name}", raw.encode("utf-8"))
    report = import_qdpx(project.con, qdpx)
    assert report["qde"] == "Cesta study.qde" and report["codings"] == 3
    assert report["line_ends_normalised"] == (["Entrevista Zoë.txt"] if crlf else [])
    assert any("CRLF" in line for line in report["data_loss"]) == crlf
    text = project.con.execute("SELECT text FROM sources").fetchone()[0]
    assert text == lf_text and "\r" not in text
    frame = project.codings()
    quotes = {r.code: text[r.start:r.end] for r in frame.itertuples()}
    assert quotes["Producto dañado"] == "La fruta llegó golpeada 😞"
    assert quotes["delight"] == "El repartidor llegó puntualísimo 👍🏽 y muy amable."
    assert quotes["Intercambio completo"].startswith("¿Algo que no te gustara?\nZoë: La fruta")
    assert frame.set_index("code").loc["delight", "dimension"] == "custom"  # top level, not under a dimension
    assert set(frame["author"]) == {"Ana"}
    assert project.doctor() == []  # the coding across turns sits in one (merged) segment
    assert report["segments_merged"] >= 1


# -- hostile and broken archives ------------------------------------------------------------

HOSTILE = _hostile()


@pytest.mark.parametrize("name", sorted(HOSTILE.HOSTILE))
def test_hostile_archive_is_refused_and_nothing_changes(coded, tmp_path, name):
    p = Project.create(tmp_path / "victim.cjproj")
    p.import_files([CORPORA / "interviews" / "es_04_lucia.md"])
    assert import_qdpx(p.con, HOSTILE.good(tmp_path))["codings"] == 1
    before = snapshot(p.con)
    path = HOSTILE.build(tmp_path, [name])[name]
    with pytest.raises(UserError) as err:
        import_qdpx(p.con, path)
    assert err.value.path == str(path)
    assert HOSTILE.HOSTILE[name][1] in err.value.message
    assert "\n" not in str(err.value)
    assert snapshot(p.con) == before and store.check_integrity(p.con) == []
    assert not p.con.in_transaction
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()
    p.close()


def test_zip_bomb_is_refused_from_its_headers_without_inflating(tmp_path):
    import psutil
    path = HOSTILE.zip_bomb(tmp_path)
    assert path.stat().st_size < 2 * 2**20
    rss = psutil.Process().memory_info().rss
    p = Project.create(tmp_path / "v.cjproj")
    with pytest.raises(UserError, match="1,024 MB"):
        import_qdpx(p.con, path)
    assert psutil.Process().memory_info().rss - rss < 200 * 2**20
    p.close()


def test_reading_is_capped_even_when_headers_understate(tmp_path):
    from cjresearch.interop.safezip import SafeArchive
    path = tmp_path / "honest.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("sources/a.txt", b" " * (3 * 2**20))
    with SafeArchive(path, max_total=4 * 2**20, max_ratio=10_000) as archive:
        assert len(archive.read("sources/a.txt")) == 3 * 2**20
        with pytest.raises(UserError, match="expands past"):
            archive.read("sources/a.txt")  # the budget is for the whole archive, not per read


def test_unsafe_member_names_are_recognised():
    from cjresearch.interop.safezip import unsafe_name
    for bad in ("../x.txt", "sources/../../x", "/etc/passwd", "C:/x.txt", "c:x.txt", "sources\\x.txt", ""):
        assert unsafe_name(bad), bad
    for ok in ("project.qde", "sources/0c6fd6a2.txt", "Cesta study.qde", "sources/a..b.txt"):
        assert unsafe_name(ok) is None, ok


def test_bad_qdc_files_are_refused(project, tmp_path):
    before = snapshot(project.con)
    cases = {"laughs.qdc": '<?xml version="1.0"?><!DOCTYPE C [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
                           '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="0c6fd6a2-3f5b-4d5e-9a51-1f3c2b4a5d60" '
                           'name="&b;" isCodable="true"/></Codes></CodeBook>',
             "project.qdc": '<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>',
             "noguid.qdc": '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code name="a" isCodable="true"/></Codes></CodeBook>'}
    for name, xml in cases.items():
        (tmp_path / name).write_text(xml, "utf-8")
        with pytest.raises(UserError) as err:
            import_qdc(project.con, tmp_path / name)
        assert err.value.path == str(tmp_path / name)
    assert snapshot(project.con) == before


def test_export_refuses_a_missing_folder(coded, tmp_path):
    with pytest.raises(UserError, match="folder does not exist"):
        export_qdpx(coded.project.con, tmp_path / "nope" / "x.qdpx")


_FUZZ = itertools.count()


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_archives_import_or_fail_cleanly(tmp_path, data):
    """Any damage to a good archive (its XML or its bytes) either imports or raises UserError;
    never another exception, never a half-import."""
    good = HOSTILE.good(tmp_path)
    raw = bytearray(good.read_bytes())
    xml = bytearray(HOSTILE.project_xml().encode())
    target = data.draw(st.sampled_from(["zip", "xml"]))
    buf = raw if target == "zip" else xml
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(buf) - 1))
        buf[i] = data.draw(st.integers(0, 255))
    path = tmp_path / "damaged.qdpx"
    if target == "zip":
        path.write_bytes(bytes(raw))
    else:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("project.qde", bytes(xml))
            zf.writestr(f"sources/{HOSTILE.SRC}.txt", HOSTILE.TEXT)
    p = Project.create(tmp_path / f"fuzz-{next(_FUZZ)}.cjproj")
    try:
        import_qdpx(p.con, path)
    except UserError as exc:
        assert exc.path == str(path)
        assert snapshot(p.con)["sources"] == 0 and snapshot(p.con)["codes"] == 0
    assert store.check_integrity(p.con) == [] and not p.con.in_transaction
    p.close()
