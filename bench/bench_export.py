"""Export speed on a large synthetic map: 5,000 evidence items with 3 quotes each, es and en.

The goal is an HTML export (render + write) under 1 s for 5,000 items; Markdown, JSON and XLSX
are timed too, for reference. Each figure is the best of 3 runs in this process, printed with its
ratio to the goal. Run: `.venv/bin/python bench/bench_export.py [--items 5000] [--profile]`.
``--profile`` prints where the HTML time goes (cProfile, top functions by cumulative time).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cjresearch.export.html import render_html  # noqa: E402
from cjresearch.export.jsonmap import render_json  # noqa: E402
from cjresearch.export.markdown import render_markdown  # noqa: E402
from cjresearch.export.xlsx import render_xlsx  # noqa: E402
from cjresearch.frameworks import lanes as lane_defs, text_in  # noqa: E402
from cjresearch.model import JourneyMap, Lane, MapItem, Persona, PhaseColumn, Quote  # noqa: E402

GOAL_S = 1.0
PHASES = {"awareness": ("Descubrimiento", "Awareness"), "consideration": ("Consideración", "Consideration"),
          "purchase": ("Compra", "Purchase"), "experience": ("Experiencia", "Experience"),
          "loyalty": ("Fidelización", "Loyalty")}
EVIDENCE_LANES = ["does", "thinks", "motivations", "doubts", "pains", "touchpoints", "key_moments",
                  "company_response", "opportunities"]
SUBJECTS = {"es": ["el repartidor", "la app", "la web", "el precio", "el envío", "la atención al cliente",
                   "la tienda", "el pago con tarjeta", "las devoluciones", "la suscripción"],
            "en": ["the courier", "the app", "the website", "the price", "delivery", "customer service",
                   "the store", "card payment", "returns", "the subscription"]}
VERBS = {"es": ["llegó tarde otra vez", "me pareció muy cómodo", "no explicaba bien los costes", "falló al pagar",
                "me ahorró un montón de tiempo", "tardó más de una semana", "nos dejó con dudas",
                "funcionó a la primera"],
         "en": ["was late again", "felt really convenient", "did not explain the fees", "crashed at checkout",
                "saved me loads of time", "took more than a week", "left us unsure", "worked first time"]}
TAILS = {"es": ["y con los niños en casa eso es un problema.", "así que ahora lo uso cada semana.",
                "y al final pedimos en otro sitio.", "lo comenté con mi pareja.", "— y eso que era sábado."],
         "en": ["and with the kids at home that is a real problem.", "so now I use it every week.",
                "and in the end we ordered elsewhere.", "I told my partner about it.", "— on a Saturday, too."]}


def synthetic_map(n_items: int = 5000, quotes_per_item: int = 3, lang: str = "es", seed: int = 7) -> JourneyMap:
    rng = random.Random(seed)
    phases = [PhaseColumn(id=pid, label=labels[0] if lang == "es" else labels[1], classic=[pid],
                          description="", emotion=round(rng.uniform(-0.6, 0.6), 3), emotion_n=rng.randint(20, 400))
              for pid, labels in PHASES.items()]
    lanes = [Lane(id=l["id"], label=text_in(l["label"], lang), scope=l.get("scope", "phase"),
                  help=text_in(l.get("help", ""), lang)) for l in lane_defs()]
    items, coding = [], 0
    for k in range(n_items):
        q_lang = rng.choice(["es", "en"]) if k % 4 == 0 else lang  # some quotes in the other language
        quotes = []
        for _ in range(quotes_per_item):
            coding += 1
            text = (f"{rng.choice(SUBJECTS[q_lang]).capitalize()} {rng.choice(VERBS[q_lang])} "
                    f"{rng.choice(TAILS[q_lang])}")
            quotes.append(Quote(coding_id=coding, segment_id=coding, text=text, source=f"entrevista-{k % 40:02d}.txt",
                                source_id=k % 40, start=coding * 10, end=coding * 10 + len(text),
                                participant=f"P{rng.randint(1, 120):03d}", speaker=None,
                                t0=rng.uniform(0, 3600) if k % 3 else None, language=q_lang, origin="rule",
                                confidence=round(rng.uniform(0.5, 1), 2)))
        lane = EVIDENCE_LANES[k % len(EVIDENCE_LANES)]
        subject = rng.choice(SUBJECTS[lang])
        items.append(MapItem(lane=lane, phase=phases[(k // len(EVIDENCE_LANES)) % len(phases)].id,
                             statement=f"{subject.capitalize()} {rng.choice(VERBS[lang])}",
                             status=rng.choice(["proposed", "accepted"]), origin="auto", key=f"k{k}",
                             position=k % 7, n_segments=quotes_per_item, n_participants=rng.randint(2, 3),
                             valence=round(rng.uniform(-1, 1), 3) if lane == "touchpoints" else None,
                             quotes=quotes, id=k + 1))
    persona = Persona(name="Familia organizada", summary={"es": "Madres y padres con hijos.",
                                                          "en": "Parents with children."},
                      rule={"household": ["family"], "children": {"min": 1}}, id=1)
    return JourneyMap(persona=persona, framework="classic", framework_name="Clásico" if lang == "es" else "Classic",
                      language=lang, phases=phases, lanes=lanes, items=items, n_participants=120,
                      n_segments=n_items * quotes_per_item, project="bench", generated_at="2026-01-01T00:00:00")


def best_of(fn, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def write_with(render, journey, path: Path):
    def run():
        content = render(journey)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return run


def profile_html(journey, top: int = 15) -> str:
    prof = cProfile.Profile()
    prof.enable()
    render_html(journey)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=5000)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    journey = synthetic_map(args.items)
    n_quotes = sum(len(i.quotes) for i in journey.items)
    print(f"synthetic map: {len(journey.items)} items, {n_quotes} quotes, {len(journey.phases)} phases")
    render_html(journey)  # template compile and imports are not what we measure
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, render in (("html", render_html), ("md", render_markdown), ("json", render_json),
                            ("xlsx", render_xlsx)):
            path = Path(tmp) / f"map.{fmt}"
            seconds = best_of(write_with(render, journey, path))
            size = path.stat().st_size / 1e6
            if fmt == "html":
                verdict = (f"goal < {GOAL_S:g} s: {GOAL_S / seconds:.1f}x headroom" if seconds < GOAL_S
                           else f"goal < {GOAL_S:g} s: {seconds / GOAL_S:.1f}x over")
            else:
                verdict = f"{seconds / GOAL_S:.2f}x the html goal, for reference"
            print(f"{fmt:4} {len(journey.items)} items: {seconds:.2f} s, {size:.1f} MB ({verdict})")
    if args.profile:
        print(profile_html(journey))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
