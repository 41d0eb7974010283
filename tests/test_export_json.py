"""The JSON map: documented schema, validated, and back into the same map."""
from __future__ import annotations

import json

import pytest

from cjresearch.errors import UserError


@pytest.fixture(scope="module")
def exported(demo, tmp_path_factory):
    out = tmp_path_factory.mktemp("json")
    persona = demo.personas()[0].name
    journey = demo.map(persona)
    return journey, demo.export(out / "map.json", persona=persona, format="json")


def test_export_validates_against_the_published_schema(exported):
    import jsonschema
    from cjresearch.export.jsonmap import json_schema
    _, path = exported
    data = json.loads(path.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(json_schema())
    jsonschema.Draft202012Validator(json_schema()).validate(data)
    assert data["schema"] == "cjresearch.map/1"
    # every field the exporter writes is documented in the schema
    props = json_schema()["properties"]
    assert set(data) <= set(props)
    assert set(data["items"][0]) <= set(json_schema()["$defs"]["item"]["properties"])
    quotes = [q for i in data["items"] for q in i["quotes"]]
    assert quotes and set(quotes[0]) <= set(json_schema()["$defs"]["quote"]["properties"])


def test_json_round_trips_into_the_same_map(exported, tmp_path):
    from cjresearch.export import export_map
    from cjresearch.export.jsonmap import load_json
    journey, path = exported
    import dataclasses
    back = load_json(path)
    # the export rebuilt the map a moment later: only its time stamp may differ
    assert back == dataclasses.replace(journey, generated_at=back.generated_at)
    journey = back
    # and renders the same everywhere
    for fmt in ("html", "md", "json"):
        a = export_map(journey, tmp_path / f"a.{fmt}", fmt).read_text("utf-8")
        b = export_map(back, tmp_path / f"b.{fmt}", fmt).read_text("utf-8")
        assert a == b, fmt


@pytest.mark.parametrize("damage, message", [
    (lambda d: d.pop("phases"), "'phases' is a required property"),
    (lambda d: d.update(schema="cjresearch.map/2"), "is not one this version reads"),
    (lambda d: d["items"][0].update(status="maybe"), "at items/0/status"),
    (lambda d: d["items"][0]["quotes"].append({"segment_id": 1, "text": "x", "source": "s", "source_id": 1,
                                               "start": 5, "end": 5}), "end 5 <= start 5"),
])
def test_a_damaged_map_file_is_one_clear_error(exported, tmp_path, damage, message):
    from cjresearch.export.jsonmap import load_json
    _, path = exported
    data = json.loads(path.read_text("utf-8"))
    damage(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UserError, match=message) as info:
        load_json(bad)
    assert "bad.json" in str(info.value)


def test_not_json_at_all(tmp_path):
    from cjresearch.export.jsonmap import load_json
    bad = tmp_path / "map.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError, match="not valid JSON"):
        load_json(bad)
