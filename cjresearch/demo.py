"""The demo: corpora/ -> a project -> one HTML map per persona."""
from __future__ import annotations

from pathlib import Path

from .errors import UserError

SURVEY_TEXT_COLUMNS = ["reason_text", "improve_text"]


def default_corpora() -> Path:
    for candidate in (Path(__file__).resolve().parents[1] / "corpora", Path.cwd() / "corpora"):
        if (candidate / "personas.yaml").exists():
            return candidate
    raise UserError("cannot find the sample corpora folder", hint="pass --corpora DIR")


def build_demo(project_path: Path, out_dir: Path, corpora: Path | None = None, echo=print) -> list[Path]:
    from .project import Project
    corpora = Path(corpora) if corpora else default_corpora()
    project_path, out_dir = Path(project_path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(project_path) + suffix).unlink(missing_ok=True)
    with Project.create(project_path) as project:
        project.import_participants(corpora / "participants.csv")
        interviews = sorted(p for p in (corpora / "interviews").iterdir()
                            if p.suffix.lower() in (".txt", ".md", ".vtt", ".srt", ".docx"))
        results = project.import_files(interviews)
        for survey in sorted((corpora / "survey").glob("*.csv")):
            results += project.import_files([survey], text_columns=SURVEY_TEXT_COLUMNS,
                                             id_column="respondent_id")
        n_segments = sum(r.get("segments", 0) for r in results)
        echo(f"imported {len(results)} files, {n_segments} segments")
        project.import_personas(corpora / "personas.yaml")
        summary = project.code()
        echo(f"coded {summary['segments']} evidence segments ({summary['codings']} suggestions)")
        outputs = []
        for persona in project.personas():
            slug = "".join(c if c.isalnum() else "-" for c in persona.name.lower()).strip("-")
            out = project.export(out_dir / f"map-{slug}.html", persona=persona.name, format="html")
            outputs.append(out)
    return outputs
