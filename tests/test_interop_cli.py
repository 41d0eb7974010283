"""REFI-QDA through the command line and the façade: export, import, the same spans back."""
from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner

from cjresearch.cli import main


class Runner:
    """Runs the real entry point (user errors → one line, exit 2) and captures what it prints."""

    def invoke(self, _cli, args):
        runner = CliRunner()
        with runner.isolation() as (out, err, *_):
            try:
                main(args)
                code = 0
            except SystemExit as exc:
                code = exc.code or 0
            output = out.getvalue().decode() + (err.getvalue().decode() if err else "")
        return type("Result", (), {"exit_code": code, "output": output})


@pytest.fixture(scope="module")
def runner():
    return Runner()


cli = None


def _spans(project):
    c = project.codings()
    c = c[(c["origin"] == "manual") | (c["status"] == "accepted")]
    names = dict(project.con.execute("SELECT id, name FROM sources").fetchall())
    return sorted((names[s], d, code, a, b) for s, d, code, a, b in
                  c[["source_id", "dimension", "code", "start", "end"]].itertuples(index=False))


def test_qdpx_from_the_cli_round_trips_through_import(demo_copy, tmp_path, runner):
    from cjresearch import Project
    p = demo_copy
    seg = p.segments(evidence_only=True).iloc[3]
    p.tag(int(seg.segment_id), "sorpresa agradable", author="ana")
    c = p.codings(status="suggested")
    p.accept(c[c["dimension"] == "phase"]["coding_id"].head(40))
    p.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    out = tmp_path / "study.qdpx"
    res = runner.invoke(cli, ["export", str(p.path), "--format", "qdpx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    with zipfile.ZipFile(out) as z:
        assert "project.qde" in z.namelist()
    target = tmp_path / "other.cjproj"
    assert runner.invoke(cli, ["init", str(target)]).exit_code == 0
    res = runner.invoke(cli, ["import", str(target), str(out)])
    assert res.exit_code == 0, res.output
    assert "sources" in res.output and "codings" in res.output
    with Project.open(target) as q:
        assert _spans(q) == _spans(p)
        assert q.doctor() == []
    # the codebook alone
    res = runner.invoke(cli, ["export", str(p.path), "-o", str(tmp_path / "codes.qdc")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "codes.qdc").read_bytes().startswith(b"<?xml")


def test_map_formats_still_need_a_persona(demo, tmp_path, runner):
    res = runner.invoke(cli, ["export", str(demo.path), "-o", str(tmp_path / "m.html")])
    assert res.exit_code == 2 and "--persona is needed" in res.output
    res = runner.invoke(cli, ["export", str(demo.path), "-o", str(tmp_path / "m.docx")])
    assert res.exit_code == 2 and "unknown export format" in res.output


def test_a_hostile_archive_is_one_line_and_nothing_changes(project, tmp_path, runner):
    evil = tmp_path / "evil.qdpx"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("project.qde", "<Project/>")
        z.writestr("../../etc/cron.d/x", "boom")
    project.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    res = runner.invoke(cli, ["import", str(project.path), str(evil)])
    assert res.exit_code == 2
    assert res.output.count("\n") == 1 and "evil.qdpx" in res.output and "Traceback" not in res.output
    assert project.doctor() == []
    assert project.con.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 0


def test_redacted_exports_from_the_cli_name_nobody(demo, tmp_path, runner):
    import json
    from cjresearch.nlp import fold
    names = [n for n in demo.participants()["name"].dropna() if len(n) > 3 and n.lower() not in
             ("interviewer", "entrevistadora", "entrevistador", "moderator", "moderadora")]
    persona = demo.personas()[0].name
    for fmt in ("html", "json"):
        out = tmp_path / f"map.{fmt}"
        res = runner.invoke(None, ["export", str(demo.path), "--persona", persona, "--redact",
                                   "--redact-term", "Hipercentro", "-o", str(out)])
        assert res.exit_code == 0, res.output
        text = fold(out.read_text("utf-8"))
        leaked = [n for n in names if fold(n) in text]
        assert not leaked, (fmt, leaked[:5])
        assert "hipercentro" not in text
    data = json.loads((tmp_path / "map.json").read_text("utf-8"))
    speakers = {q["participant"] for i in data["items"] for q in i["quotes"] if q["participant"]}
    assert speakers and all(s.startswith("P-") for s in speakers), sorted(speakers)[:5]
    out = tmp_path / "redacted.qdpx"
    res = runner.invoke(None, ["export", str(demo.path), "--format", "qdpx", "--redact", "-o", str(out)])
    assert res.exit_code == 0, res.output
    import zipfile
    with zipfile.ZipFile(out) as z:
        everything = fold(" ".join(z.read(n).decode("utf-8") for n in z.namelist()))
    assert not [n for n in names if fold(n) in everything]


def test_chart_images_from_the_cli(demo, tmp_path, runner):
    persona = demo.personas()[0].name
    out = tmp_path / "charts"
    res = runner.invoke(None, ["export", str(demo.path), "--persona", persona, "--format", "charts", "-o", str(out)])
    assert res.exit_code == 0, res.output
    pngs, svgs = sorted(out.glob("*.png")), sorted(out.glob("*.svg"))
    assert len(pngs) == len(svgs) >= 4
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    res = runner.invoke(None, ["export", str(demo.path), "--persona", persona, "--format", "svg",
                               "-o", str(tmp_path / "map.svg")])
    assert res.exit_code == 2 and "charts go into a folder" in res.output


@pytest.mark.browser
def test_whole_map_png_and_pdf_from_the_cli(demo, tmp_path, runner):
    from browser import require_chromium
    require_chromium()
    persona = demo.personas()[0].name
    for suffix, magic in ((".png", b"\x89PNG"), (".pdf", b"%PDF-")):
        out = tmp_path / f"map{suffix}"
        res = runner.invoke(None, ["export", str(demo.path), "--persona", persona, "-o", str(out)])
        assert res.exit_code == 0, res.output
        assert out.read_bytes().startswith(magic)


def test_every_map_format_from_the_cli_opens(demo, tmp_path, runner):
    """html, md, json and xlsx through the CLI, each opened by a reader of that format."""
    import json
    from html.parser import HTMLParser
    import openpyxl
    persona = demo.personas()[0].name
    paths = {}
    for fmt in ("html", "md", "json", "xlsx"):
        paths[fmt] = tmp_path / f"map.{fmt}"
        res = runner.invoke(None, ["export", str(demo.path), "--persona", persona, "-o", str(paths[fmt])])
        assert res.exit_code == 0, res.output
    HTMLParser().feed(paths["html"].read_text("utf-8"))
    data = json.loads(paths["json"].read_text("utf-8"))
    assert paths["md"].read_text("utf-8").startswith(f"# {data['persona']['name']}")
    book = openpyxl.load_workbook(paths["xlsx"])
    assert book.sheetnames == ["map", "items", "evidence"]
    statements = {c.value for row in book["items"].iter_rows(min_row=2) for c in row}
    assert {i["statement"] for i in data["items"] if i["status"] != "removed"} <= statements
