"""The HTML map: self-contained, every quote shown, every user string escaped."""
from __future__ import annotations

import html.parser
import re

import pytest

PAYLOADS = ['<script>window.__pwned=1</script>', '"><img src=x onerror="window.__pwned=1">',
            "javascript:window.__pwned=1", "</textarea><svg onload=window.__pwned=1>"]


class _Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.attrs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def parse(text):
    c = _Collector()
    c.feed(text)
    return c


def test_demo_html_is_self_contained_and_shows_every_quote(demo):
    for path in demo.demo_maps:
        text = path.read_text("utf-8")
        assert '<meta charset="utf-8">' in text
        doc = parse(text)
        assert "script" not in doc.tags
        for name, value in doc.attrs:
            if name in ("src", "href"):
                assert not re.match(r"(https?:)?//", value or ""), value
        body = "".join(doc.text)
        journey = demo.map(demo.personas()[demo.demo_maps.index(path)].name)
        for quote in journey.all_quotes():
            assert quote.text in body
        for phase in journey.phases:
            assert phase.label in body


def test_user_strings_are_escaped(project, tmp_path):
    from conftest import write
    payload = PAYLOADS[0]
    name = PAYLOADS[1].replace(chr(34), "")
    project.import_participants(write(tmp_path / "p.csv", f"id,name,household\nP1,{name},family\nP2,Bo,family\n"))
    project.import_files([write(tmp_path / "i.txt", f"P1: The courier was late again {payload} and rude.\n"
                                                    "Bo: The courier was late and the app crashed, awful.\n")])
    project.add_persona(PAYLOADS[3], {"household": "family"}, summary={"en": PAYLOADS[2]})
    project.code()
    persona = project.personas()[0].name
    journey = project.map(persona)
    project.set_item(journey.items[0].id, statement=PAYLOADS[1])
    out = project.export(tmp_path / "m.html", persona=persona)
    text = out.read_text("utf-8")
    doc = parse(text)
    assert "script" not in doc.tags and "img" not in doc.tags and "svg" in doc.tags  # only our own svg
    assert not any(name.startswith("on") for name, _ in doc.attrs)
    assert "&lt;script&gt;" in text
