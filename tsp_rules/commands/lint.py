"""``tsp-check lint [RULESET...]``: report problems in rulesets, each as ``file:line:col: check: message``.

Exit codes: 0 clean, 1 findings, 2 a file that cannot be read (or is not YAML), or a bad argument.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from tsp_rules.commands._common import guarded, no_profiles_message, quiet_option
from tsp_rules.errors import InputError


def _display(path: Path) -> str:
    """The path as shown: relative to the working directory when it is below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _resolve(name: str) -> Path | None:
    from tsp_rules.model.compiler import bundled_rulesets

    path = Path(name)
    if path.exists():
        return path
    return bundled_rulesets().get(name)


def _clean_message(files: list[str], profiles: int, lang: str) -> str:
    """What was checked, when nothing was found (so that silence is never mistaken for a skipped run)."""
    from tsp_rules.texts import count

    names = ", ".join(files)
    if lang == "en":
        what = f"{count(len(files), 'one ruleset', 'rulesets', 'en', words=True)} ({names})"
        if profiles:
            what += f" and the decisions in {count(profiles, 'one profile', 'profiles', 'en', words=True)}"
        return f"Checked {what}: no problems found."
    what = f"{count(len(files), 'ett regelverk', 'regelverk', 'sv', words=True)} ({names})"
    if profiles:
        what += f" och besluten i {count(profiles, 'en profil', 'profiler', 'sv', words=True)}"
    return f"Kontrollerade {what}: inga problem hittades."


@click.command("lint")
@click.argument("rulesets", nargs=-1, metavar="[RULESET...]")
@click.option("--profiles", "profile_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
              metavar="PATH", help="Also check the decisions (waivers) in these profile files or folders.")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True, is_eager=True,
              help="Language of the messages.")
@quiet_option
@guarded
def lint(rulesets: tuple[str, ...], profile_paths: tuple[Path, ...], lang: str, quiet: bool) -> None:
    """Check ruleset files (default: the bundled rulesets) for contradictions, unreachable rules and
    unused declarations; each problem is printed as FILE:LINE:COL: CHECK: MESSAGE."""
    from tsp_rules.authoring.lint import LintFinding, lint_decisions, lint_file
    from tsp_rules.documents.loading import load_document
    from tsp_rules.errors import hint, listing, message, q
    from tsp_rules.model.compiler import bundled_rulesets, compile_ruleset
    from tsp_rules.model.profile import iter_profile_paths

    ctx = click.get_current_context()
    paths: list[Path] = []
    for name in rulesets or tuple(bundled_rulesets()):
        path = _resolve(name)
        if path is None:
            text = message("no_ruleset", hint=hint(name, bundled_rulesets()), items=listing(sorted(bundled_rulesets())))
            click.echo(f"tsp-check: {q(name).get(lang)}: {text.get(lang)}", err=True)  # type: ignore[arg-type]
            ctx.exit(2)
        paths.append(path)
    if profile_paths and next(iter_profile_paths(profile_paths), None) is None:
        click.echo(f"tsp-check: {no_profiles_message(profile_paths, lang)}", err=True)
        ctx.exit(2)
    findings: list[LintFinding] = []
    unreadable = False
    profiles_checked = 0
    for path in paths:
        display = _display(path)
        try:
            result = lint_file(path, display)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(problem.render(lang), err=True)  # type: ignore[arg-type]
            unreadable = True
            continue
        findings.extend(result.findings)
        for note in result.notes:
            click.echo(f"note: {note.get(lang)}", err=True)  # type: ignore[arg-type]
        if profile_paths and not result.findings:
            rs = compile_ruleset(load_document(path, display))
            for profile_path in iter_profile_paths(profile_paths):
                profiles_checked += 1
                try:
                    findings.extend(lint_decisions(profile_path, rs, _display(profile_path)))
                except InputError as exc:
                    for problem in exc.problems:
                        click.echo(problem.render(lang), err=True)  # type: ignore[arg-type]
                    unreadable = True
    for finding in sorted(findings, key=LintFinding.sort_key):
        click.echo(finding.render(lang))  # type: ignore[arg-type]
    if findings:
        click.echo(message("lint_count", n=len(findings)).get(lang), err=True)  # type: ignore[arg-type]
    elif not unreadable and not quiet:
        click.echo(_clean_message([_display(p) for p in paths], profiles_checked, lang), err=True)
    ctx.exit(2 if unreadable else 1 if findings else 0)
