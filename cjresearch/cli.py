"""``cjresearch`` command line: each command calls the Project method of the same name.

User errors print one line (``error: FILE: problem (hint)``) and exit 2; no traceback.
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import click

from .errors import UserError

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx")


def _open(path):
    from .project import Project
    return Project.open(path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cjresearch")
def cli():
    """Customer journey maps backed by quotes, from interviews and survey answers."""


@cli.command()
@click.argument("project", type=click.Path(path_type=Path))
@click.option("--seed", default=7, show_default=True, help="Seed for every random step.")
def init(project, seed):
    """Create an empty project file."""
    from .project import Project
    Project.create(project, seed=seed).close()
    click.echo(f"created {project}")


@cli.command("import")
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--text-column", "text_columns", multiple=True, help="Survey column(s) holding answers.")
@click.option("--id-column", help="Survey column with the respondent id.")
@click.option("--language", type=click.Choice(["auto", "es", "en"]), default="auto", show_default=True)
@click.option("--interviewer", "interviewers", multiple=True, help="Speaker label of the interviewer.")
@click.option("--chunksize", type=click.IntRange(min=1), default=None,
              help="Stream survey CSV/TSV files in chunks of N rows (automatic above 64 MB).")
def import_(project, files, text_columns, id_column, language, interviewers, chunksize):
    """Import transcripts (txt, md, vtt, srt, docx), surveys (csv, xlsx) or a REFI-QDA project
    (.qdpx) or codebook (.qdc) from another QDA tool."""
    with _open(project) as p:
        results = p.import_files(files, text_columns=list(text_columns) or None, id_column=id_column,
                                 language=language, interviewers=interviewers, chunksize=chunksize)
    for r in results:
        if r.get("format") in ("qdpx", "qdc"):
            click.echo(f"{r['file']}: {r.get('sources', 0)} sources, {r.get('codes', 0)} new codes, "
                       f"{r.get('codings', 0)} codings")
            for line in r.get("data_loss", []):
                click.echo(f"note: {r['file']}: {line}", err=True)
            continue
        if r["status"] == "imported":
            click.echo(f"{r['file']}: {r['segments']} segments, {r['participants']} participants, "
                       f"{r['language']} ({r['format']})")
        else:
            click.echo(f"{r['file']}: skipped")
        for w in r["warnings"]:
            click.echo(f"warning: {r['file']}: {w}", err=True)


@cli.command()
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--id-column", default="id", show_default=True)
def participants(project, file, id_column):
    """Import a participants list (CSV: id, name, role, attributes...)."""
    with _open(project) as p:
        n = p.import_participants(file, id_column=id_column)
    click.echo(f"{n} participants from {file}")


@cli.command()
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("file", type=click.Path(path_type=Path), required=False)
def personas(project, file):
    """Import personas from YAML, then list them."""
    with _open(project) as p:
        if file:
            p.import_personas(file)
        for persona in p.personas():
            click.echo(f"{persona.name}: {persona.rule}")


@cli.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--text-column", default="text", show_default=True, help="(table mode) column to code.")
@click.option("--language", type=click.Choice(["auto", "es", "en"]), default="auto", show_default=True)
@click.option("--framework", default="classic", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="(table mode) output CSV.")
@click.option("--train", type=click.Path(path_type=Path), help="(table mode) labelled CSV: text + phase/evidence.")
@click.option("--coder", "coders", multiple=True,
              type=click.Choice(["semantic", "codebook", "rules", "topics", "full", "fast"]),
              help="(project mode) coders to run, default semantic, codebook, rules, topics; "
                   "(table mode) full (default) or fast: hashed words, for millions of rows.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="(table mode) code chunks in this process or on a dask.distributed cluster.")
@click.option("--scheduler", metavar="ADDRESS",
              help="(table mode, --engine dask) scheduler address, e.g. tcp://10.0.0.5:8786; "
                   "default: a 2-worker local cluster.")
@click.option("--chunksize", type=click.IntRange(min=1), metavar="N",
              help="(table mode) stream the CSV N rows at a time (default: whole file unless > 64 MB).")
def code(target, text_column, language, framework, output, train, coders, engine, scheduler, chunksize):
    """Code a project's segments, or a CSV/XLSX table of texts into OUT.csv."""
    if target.suffix.lower() in TABLE_SUFFIXES:
        from .coding.table import code_table
        if output is None:
            raise UserError("table mode needs -o OUT.csv", path=target)
        if scheduler and engine != "dask":
            raise UserError("--scheduler needs --engine dask", path=target)
        table_coder = coders[0] if coders else "full"
        if len(coders) > 1 or table_coder not in ("full", "fast"):
            raise UserError("table mode takes --coder full or --coder fast", path=target)
        n = code_table(target, output, text_column=text_column, language=language, train=train,
                       engine=engine, scheduler=scheduler, chunksize=chunksize, coder=table_coder)
        click.echo(f"coded {n} rows -> {output}")
        return
    if set(coders) & {"full", "fast"}:
        raise UserError("--coder full/fast is for table mode (a .csv/.tsv/.xlsx input)", path=target)
    with _open(target) as p:
        summary = p.code(coders=coders or None)
    click.echo(f"coded {summary['segments']} segments: {summary['codings']} suggestions")


@cli.command("map")
@click.argument("project", type=click.Path(path_type=Path))
@click.option("--persona", required=True)
@click.option("--framework", default="classic", show_default=True)
@click.option("--language", type=click.Choice(["es", "en"]))
def map_(project, persona, framework, language):
    """Build (or refresh) a persona's journey map and print it as text."""
    with _open(project) as p:
        journey = p.map(persona, framework=framework, language=language)
    click.echo(f"{journey.persona.name} — {journey.framework_name}: {journey.n_participants} participants, "
               f"{journey.n_segments} segments")
    for phase in journey.phases:
        emo = "n/a" if phase.emotion is None else f"{phase.emotion:+.2f} (n={phase.emotion_n})"
        click.echo(f"\n[{phase.label}] emotion {emo}")
        for lane in journey.lanes:
            for item in journey.items_in(lane.id, phase.id)[:3]:
                click.echo(f"  {lane.label}: {item.statement} ({item.n_participants} participants, "
                           f"{item.n_segments} segments)")


@cli.command()
@click.argument("project", type=click.Path(path_type=Path))
@click.option("--persona", help="Whose map (needed for every format but qdpx and qdc).")
@click.option("--format", "format_", default=None,
              type=click.Choice(["html", "md", "json", "xlsx", "png", "pdf", "charts", "svg", "qdpx", "qdc"]),
              help="Default: from the output file's extension.")
@click.option("--framework", default="classic", show_default=True)
@click.option("--language", type=click.Choice(["es", "en"]))
@click.option("--redact", is_flag=True, help="Remove personal data and pseudonymise participant ids.")
@click.option("--redact-term", "redact_terms", multiple=True, help="A further word or name to remove (repeatable).")
@click.option("--include-suggestions", is_flag=True, help="qdpx: also export open machine suggestions.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
def export(project, persona, format_, framework, language, redact, redact_terms, include_suggestions, output):
    """Export a persona's map (html, md, json, xlsx; png/pdf of the whole map through Chromium;
    charts/svg: a folder of chart images) or the whole project (qdpx, qdc)."""
    with _open(project) as p:
        out = p.export(output, persona=persona, format=format_, framework=framework, language=language,
                       redact=redact or bool(redact_terms), redact_terms=redact_terms,
                       include_suggestions=include_suggestions)
        report = getattr(p, "last_export_report", None)
    click.echo(str(out))
    for line in (report or {}).get("data_loss", []):
        click.echo(f"not exported: {line}", err=True)


@cli.command()
@click.option("--project", "project_path", type=click.Path(path_type=Path), default=Path("out/demo.cjproj"),
              show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("--corpora", type=click.Path(path_type=Path), default=None)
def demo(project_path, output, corpora):
    """Build the demo project and one HTML map per persona from corpora/."""
    from .demo import build_demo
    project_path.parent.mkdir(parents=True, exist_ok=True)
    outputs = build_demo(project_path, output, corpora, echo=click.echo)
    click.echo(f"project: {project_path}")
    for out in outputs:
        click.echo(f"map: {out.resolve()}")


@cli.command()
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("coder_a")
@click.argument("coder_b")
@click.option("--by", type=click.Choice(["dimension", "code"]), default="dimension", show_default=True)
def agreement(project, coder_a, coder_b, by):
    """Cohen's kappa and Krippendorff's alpha between two coders (person:NAME, person:*, rule, model, topic)."""
    with _open(project) as p:
        table = p.agreement(coder_a, coder_b, by=by)
    click.echo(table.to_string(index=False))


@cli.command("suggest-next")
@click.argument("project", type=click.Path(path_type=Path))
@click.option("-n", default=10, show_default=True)
@click.option("--dimension", default="phase", show_default=True, type=click.Choice(["phase", "evidence"]))
def suggest_next(project, n, dimension):
    """Segments worth labelling next (the model is least sure about them)."""
    with _open(project) as p:
        frame = p.suggest_next(n=n, dimension=dimension)
    for row in frame.itertuples():
        click.echo(f"{row.segment_id}\t{row.margin:.3f}\t{row.source}\t{row.text[:100]}")


@cli.command()
@click.argument("project", type=click.Path(path_type=Path))
def doctor(project):
    """Check a project: integrity, orphans, offsets."""
    with _open(project) as p:
        problems = p.doctor()
    for problem in problems:
        click.echo(f"problem: {problem}")
    if problems:
        sys.exit(1)
    click.echo("ok")


@cli.command()
@click.argument("project", type=click.Path(path_type=Path))
@click.option("--phase", help="Only this phase's themes.")
@click.option("--persona", help="Find themes in this persona's evidence now (nothing stored).")
@click.option("--rename", nargs=2, metavar="CODE LABEL", help="Give a theme a readable name.")
@click.option("--merge", multiple=True, metavar="CODE", help="Themes to merge into --into (repeatable).")
@click.option("--into", metavar="CODE", help="The theme the --merge themes join.")
@click.option("--to-code", nargs=2, metavar="CODE NAME", help="Turn a theme into a codebook code to review.")
def themes(project, phase, persona, rename, merge, into, to_code):
    """List, rename, merge or promote themes; or find a persona's themes on demand."""
    with _open(project) as p:
        if rename:
            p.rename_theme(*rename)
            click.echo(f"renamed {rename[0]} to {rename[1]!r}")
        if merge:
            if not into:
                raise UserError("--merge needs --into CODE")
            click.echo(f"merged {len(merge)} theme(s) into {into}: {p.merge_themes(merge, into)} codings moved")
        if to_code:
            click.echo(f"{p.theme_to_code(*to_code)} suggestions of code {to_code[1]!r} to review")
        if persona:
            for t in p.discover_themes(persona).itertuples():
                click.echo(f"{t.group}\t{t.size}\t{t.label}\t{' · '.join(t.words[:5])}")
        elif not (rename or merge or to_code):
            for t in p.themes(phase).itertuples():
                click.echo(f"{t.phase}\t{t.code}\t{t.segments} segments\t{t.participants} participants\t{t.label}")


@cli.command("warm-up")
def warm_up():
    """Build the coder's cache now (about a minute, once per machine and version)."""
    import time
    from .coding.semantic import warm_up as build
    t0 = time.perf_counter()
    where = build()
    click.echo(f"coder cache ready in {time.perf_counter() - t0:.0f} s: {where}")


def main(argv=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # library warnings are not for end users; ours are echoed
        try:
            cli.main(args=argv, prog_name="cjresearch", standalone_mode=False)
        except UserError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except click.exceptions.Abort:
            click.echo("aborted", err=True)
            sys.exit(130)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
