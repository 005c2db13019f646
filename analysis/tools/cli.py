"""Command line: ``python -m analysis build | extract | models download | eval ner | bsnlp | dates | bench``.

Every failure the user can fix ends with a one-line message naming the file or the command
that fixes it, and exit status 2; no tracebacks for expected problems. Before a command runs, the
modules of the extras it needs (``analysis.core.extras``) are looked up: a command needs the ``nlp``
extra unless its parser sets ``extras`` (``set_defaults(extras=())`` for one that needs none), plus
``stanza`` for ``--engine stanza`` and ``dask`` for a Dask scheduler. Nothing imported at the top of
this module needs an extra, so ``--help`` works in the dashboard-only install.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from analysis.build.corpus import MAX_BYTES, CorpusError
from analysis.core import extras
from analysis.nlp import ENGINE_NAMES, EngineUnavailable
from analysis.tools import corrections, review

DATES_GOLD_NAME = "tests/data/dates_gold.csv"  # the hand-normalised dates ``eval dates`` scores
DATES_GOLD = Path(__file__).resolve().parents[2] / DATES_GOLD_NAME


def _report(manifest: dict) -> None:
    """Skipped files, article errors, notices and what the metadata cannot tell, one line each, after the build."""
    from analysis.build.decode import shown

    for entry in manifest["skipped"]:
        print(f"skipped {shown(entry['file'])}: {entry['reason']}", file=sys.stderr)
    for entry in manifest["errors"]:
        where = shown(entry["file"]) or "the corpus"
        print(f"error in {where} ({entry['stage']}): {entry['type']}: {entry['message']}", file=sys.stderr)
    for entry in manifest["notices"]:
        print(f"note {shown(entry['file'])}: {entry['message']}", file=sys.stderr)
    for warning in manifest.get("metadata", {}).get("warnings", []):  # a crawl's date or host for all
        print(f"warning: {warning}", file=sys.stderr)


def _scheduler(value: str) -> str:
    if value in ("local", "dask") or (value.startswith("dask://") and len(value) > len("dask://")):
        return value
    raise argparse.ArgumentTypeError("choose local, dask or dask://HOST:PORT")


def _build(args: argparse.Namespace) -> int:
    from analysis.build.run import run_build
    from analysis.build.write import BuildBusy

    try:
        manifest, rebuilt = run_build(
            args.corpus,
            args.out,
            args.engine,
            cache=not args.no_cache,
            added=args.added,
            max_bytes=args.max_bytes,
            progress=not args.quiet,
            wait=args.wait,
            workers=args.workers,
            scheduler=args.scheduler,
        )
    except BuildBusy as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not rebuilt:
        print(
            f"{args.out}/ is up to date: its corpus, the code and the engine are unchanged (--no-cache rebuilds)"
        )
    _report(manifest)
    rows = ", ".join(f"{name} {count}" for name, count in manifest["tables"].items())
    print(
        f"{'wrote' if rebuilt else 'kept'} {args.out}/ with {manifest['engine']} {manifest['engine_version']}: {rows}"
    )
    if not manifest["tables"]["articles"]:
        print("error: no article could be built; see the messages above", file=sys.stderr)
        return 1
    if args.strict and (manifest["skipped"] or manifest["errors"]):
        n_skipped, n_errors = len(manifest["skipped"]), len(manifest["errors"])
        print(f"error (--strict): {n_skipped} file(s) skipped, {n_errors} article error(s)", file=sys.stderr)
        return 1
    return 0


def _extract(args: argparse.Namespace) -> int:
    from analysis.extract import ArticleError, extract_file
    from analysis.nlp import get_engine

    engine = get_engine(args.engine)
    status = 0
    for file in args.files:
        try:
            record, notices = extract_file(Path(file), engine)
        except (CorpusError, ArticleError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            status = 2
            continue
        print(json.dumps(record, ensure_ascii=False))
        for notice in notices:
            print(f"note {file}: {notice}", file=sys.stderr)
    return status


def _models(args: argparse.Namespace) -> int:
    from analysis.nlp.stanza_engine import download_models

    path = download_models(args.dir)
    print(f"stanza Russian models are in {path}")
    return 0


def _require_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise CorpusError(
            f"{folder}: factRuEval folder not found; pass --factru DIR (e.g. ../shared/eval/factru/devset)"
        )


def _command(*parts: object) -> str:
    """The command line that reproduces a measurement, for the saved entry."""
    import shlex

    return shlex.join(["python", "-m", "analysis", *(str(part) for part in parts if part is not None)])


def _save(args: argparse.Namespace, key: tuple[str, ...], entry: dict, command: str) -> None:
    from analysis.tools.evaluate.scores import save_quality, stamp

    if args.save:
        save_quality(args.save, key, {**stamp(command), **entry})
        print(f"saved {args.save}")


def _eval_ner(args: argparse.Namespace) -> int:
    """The ``mentions`` table of a build of the factRuEval texts, and bare natasha NER, same run."""
    from analysis.nlp import get_engine
    from analysis.tools.evaluate.factru import evaluate_build_ner, format_comparison

    _require_folder(args.factru)
    comparison = evaluate_build_ner(args.factru, get_engine(args.engine), args.limit)
    print(format_comparison(comparison))
    limit = ("--limit", args.limit) if args.limit else ()
    command = _command("eval", "ner", "--factru", args.factru, "--engine", args.engine, *limit)
    _save(args, ("factru",), comparison.to_dict(), command)
    return 0


def _eval_bsnlp(args: argparse.Namespace) -> int:
    """A BSNLP cluster built as a corpus and scored, with bare natasha beside."""
    from analysis.nlp import get_engine
    from analysis.tools.evaluate.bsnlp import evaluate_bsnlp, format_comparison

    if not (args.topic / "raw" / "ru").is_dir():
        raise CorpusError(
            f"{args.topic}: not a BSNLP cluster folder (TOPIC/raw/ru and TOPIC/annotated/ru); "
            "e.g. ../shared/eval/bsnlp/ryanair"
        )
    comparison = evaluate_bsnlp(args.topic, get_engine(args.engine))
    print(format_comparison(comparison))
    command = _command("eval", "bsnlp", args.topic, "--engine", args.engine)
    _save(args, ("bsnlp", comparison.topic), comparison.to_dict(), command)
    return 0


def _eval_dates(args: argparse.Namespace) -> int:
    """NEREL texts built as a corpus, the dates table's spans scored; with a gold, its resolution."""
    from analysis.nlp import get_engine
    from analysis.tools.evaluate.dates import evaluate_dates, format_report

    if not args.folder.is_dir():
        raise CorpusError(f"{args.folder}: NEREL folder not found; e.g. ../shared/eval/nerel/dev")
    gold = args.gold if args.gold is not None else (DATES_GOLD if DATES_GOLD.is_file() else None)
    report = evaluate_dates(args.folder, get_engine(args.engine), gold, args.root)
    print(format_report(report, details=args.details))
    command = _command("eval", "dates", args.folder, *(("--gold", gold) if gold else ()))
    _save(args, ("dates",), report.to_dict(), command)
    return 0


def _eval_nerel(args: argparse.Namespace) -> int:
    """A NEREL folder built as a corpus and its mentions table scored, with bare natasha beside."""
    from analysis.nlp import get_engine
    from analysis.tools.evaluate.nerel import evaluate_nerel, format_comparison

    if not args.folder.is_dir():
        raise CorpusError(f"{args.folder}: NEREL folder not found; e.g. ../shared/eval/nerel/dev")
    comparison = evaluate_nerel(args.folder, get_engine(args.engine), args.limit)
    print(format_comparison(comparison))
    limit = ("--limit", args.limit) if args.limit else ()
    command = _command("eval", "nerel", args.folder, "--engine", args.engine, *limit)
    _save(args, ("nerel", comparison.folder), comparison.to_dict(), command)
    return 0


def _bench(args: argparse.Namespace) -> int:
    """``bench [ner]``: engine speed; ``bench build``: full build of the factRuEval devset against bare
    natasha; ``bench synthetic``: build, re-build and add-one on a synthetic corpus; ``bench dashboard``."""
    if args.mode == "ner":
        from analysis.tools.evaluate.speed import bench_ner

        _require_folder(args.factru)
        result = bench_ner(args.factru, args.limit, args.repeats)
        print(json.dumps(result, indent=2))
        return 0 if result["ratio"] >= 0.5 else 1
    from analysis.tools import bench

    workdir = args.workdir or Path(".cache") / "bench" / args.mode
    if args.mode == "build":
        _require_folder(args.factru)
        result = bench.bench_build(args.factru, workdir, args.engine)
    elif args.mode == "synthetic":
        corpus = bench.synthetic_corpus(
            workdir / "synthetic", args.articles, seed=args.seed, syndicated=args.syndicated
        )
        result = bench.bench_build(corpus, workdir, args.engine)
        if args.dashboard:
            result["dashboard"] = bench.bench_dashboard(workdir / "data")
    else:
        if not (args.data / "manifest.json").is_file():
            raise CorpusError(f"{args.data}: no built tables here; pass --data DIR (a build's output folder)")
        result = bench.bench_dashboard(args.data)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def _change(args: argparse.Namespace, change, verb: str) -> int:
    """Run an add or a removal under the build lock, then rebuild (unless --no-build); the exit status."""
    from analysis.add import AddError, about, built_files, change_and_build
    from analysis.build.write import BuildBusy

    try:
        files, manifest = change_and_build(
            change, corpus=args.corpus, out=args.out, added=args.added, engine=args.engine,
            progress=not args.quiet, build=not args.no_build,
        )  # fmt: skip
    except (AddError, BuildBusy) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for file in files:
        print(f"{verb} {file}")
    if manifest is None:
        print(f"not rebuilt (--no-build): run `python -m analysis build --out {args.out}`")
        return 0
    rows = ", ".join(f"{name} {count}" for name, count in manifest["tables"].items())
    print(f"rebuilt {args.out}/ with {manifest['engine']} {manifest['engine_version']}: {rows}")
    if verb != "added":
        return 0
    report = about(files, manifest, built_files(args.out))
    _report({key: report[key] for key in ("skipped", "errors", "notices")})
    for entry in report["unread"]:
        print(f"note {entry['file']}: saved, but the build did not read it", file=sys.stderr)
    return 1 if report["skipped"] or report["unread"] else 0


def _added_folder(args: argparse.Namespace) -> Path:
    from analysis.build.run import ADDED_DIR

    return args.added if args.added is not None else args.out / ADDED_DIR


def _add(args: argparse.Namespace) -> int:
    from analysis.add import add_articles

    def change() -> list[str]:
        return add_articles(
            args.files, _added_folder(args), corpus=args.corpus,
            outlet=args.outlet, url=args.url, published=args.date,
        )  # fmt: skip

    return _change(args, change, "added")


def _remove(args: argparse.Namespace) -> int:
    from analysis.add import check_removable, remove_article

    def change() -> list[str]:
        for article_id in args.article_ids:  # every id first: all are removed or none
            check_removable(article_id, _added_folder(args), corpus=args.corpus)
        return [remove_article(i, _added_folder(args), corpus=args.corpus) for i in args.article_ids]

    return _change(args, change, "removed")


def _change_options(command: argparse.ArgumentParser) -> None:
    """Options ``add`` and ``remove`` share: where the corpus, the tables and the added folder are."""
    command.add_argument("--corpus", type=Path, default=Path("seeds"), help="main corpus folder")
    command.add_argument("--out", type=Path, default=Path("data"), help="output folder for the tables")
    command.add_argument(
        "--added", type=Path, default=None, help="folder of added articles (default: OUT/added)"
    )
    command.add_argument(
        "--engine", choices=ENGINE_NAMES, default=None, help="default: the engine that built OUT"
    )
    command.add_argument("--no-build", action="store_true", help="only change the folder; do not rebuild")
    command.add_argument("--quiet", action="store_true", help="no progress bar")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="analyse a corpus folder and write the tables to data/")
    build.add_argument("--corpus", type=Path, default=Path("seeds"), help="folder of article .txt files")
    build.add_argument("--out", type=Path, default=Path("data"), help="output folder for the Parquet tables")
    build.add_argument("--engine", choices=ENGINE_NAMES, default="auto")
    build.add_argument("--no-cache", action="store_true", help="ignore the per-article NLP cache in .cache/")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument(
        "--added", type=Path, default=None, help="folder of added articles (default: OUT/added)"
    )
    build.add_argument(
        "--max-bytes", type=int, default=MAX_BYTES, help=f"largest article file read (default {MAX_BYTES:,})"
    )
    build.add_argument(
        "--strict", action="store_true", help="exit 1 if any file was skipped or article failed"
    )
    build.add_argument(
        "--wait", type=float, default=0, help="seconds to wait for another build of the same folder"
    )
    build.add_argument(
        "--workers",
        type=int,
        default=None,
        help="engine processes for large corpora (default: cores, up to 4)",
    )
    build.add_argument(
        "--scheduler",
        type=_scheduler,
        default="local",
        metavar="local|dask|dask://HOST:PORT",
        help="where the engine step runs: this machine, a Dask LocalCluster, or a running Dask scheduler",
    )
    build.set_defaults(run=_build)

    add = commands.add_parser("add", help="add article files (.txt/.html) to the added folder and rebuild")
    add.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add.add_argument("--outlet", default="", help="outlet of every file added")
    add.add_argument("--url", default="", help="http(s) address of the article")
    add.add_argument("--date", default="", help="publication date, YYYY-MM-DD")
    _change_options(add)
    add.set_defaults(run=_add)

    remove = commands.add_parser("remove", help="remove added articles (never the main corpus's) and rebuild")
    remove.add_argument("article_ids", nargs="+", metavar="ARTICLE_ID")
    _change_options(remove)
    remove.set_defaults(run=_remove)

    extract = commands.add_parser("extract", help="print entities and dates of files as JSON lines")
    extract.add_argument("--engine", choices=ENGINE_NAMES, default="auto")
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.set_defaults(run=_extract)

    models = commands.add_parser("models", help="manage stanza's Russian models")
    models_commands = models.add_subparsers(dest="models_command", required=True)
    download = models_commands.add_parser("download", help="fetch stanza's Russian models (needs internet)")
    download.add_argument("--dir", type=Path, default=None, help="resources folder (default: stanza's)")
    download.set_defaults(run=_models, extras=(extras.STANZA,))

    evaluate = commands.add_parser("eval", help="measure quality on a public benchmark")
    evaluate_commands = evaluate.add_subparsers(dest="eval_command", required=True)
    ner = evaluate_commands.add_parser(
        "ner",
        help="per-type P/R/F1 of the built mentions table on a factRuEval-2016 folder (naeval protocol), "
        "bare natasha NER beside",
    )
    ner.add_argument("--factru", type=Path, required=True, help="folder with .txt/.spans/.objects files")
    ner.add_argument("--engine", choices=ENGINE_NAMES, default="auto")
    ner.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ner.add_argument(
        "--save", type=Path, default=None, help="also write the scores as JSON (data/quality.json)"
    )
    ner.set_defaults(run=_eval_ner)
    bsnlp = evaluate_commands.add_parser(
        "bsnlp",
        help="recognition, normal forms and cross-document linking of the built mentions table on a BSNLP "
        "cluster folder, bare natasha beside",
    )
    bsnlp.add_argument("topic", type=Path, help="cluster folder with raw/ru and annotated/ru")
    bsnlp.add_argument("--engine", choices=ENGINE_NAMES, default="auto")
    bsnlp.add_argument(
        "--save",
        type=Path,
        default=None,
        help="also write the scores into this JSON file (data/quality.json)",
    )
    bsnlp.set_defaults(run=_eval_bsnlp)
    dates = evaluate_commands.add_parser(
        "dates",
        help="the dates table's spans on a NEREL folder (overlap P/R/F1 of DATE) and the exact resolution "
        "of a hand-normalised gold",
    )
    dates.add_argument("folder", type=Path, help="NEREL folder of .txt/.ann pairs (../shared/eval/nerel/dev)")
    dates.add_argument("--gold", type=Path, default=None, help=f"gold CSV (default: {DATES_GOLD_NAME})")
    dates.add_argument("--root", type=Path, default=None, help="folder the gold's corpora are under")
    dates.add_argument("--engine", choices=ENGINE_NAMES, default="auto")
    dates.add_argument("--details", action="store_true", help="list what was missed, extra or wrong")
    dates.add_argument("--save", type=Path, default=None, help="also write the scores (data/quality.json)")
    dates.set_defaults(run=_eval_dates)

    nerel = evaluate_commands.add_parser(
        "nerel",
        help="recognition (exact spans, nested gold) and cross-document linking of the built mentions table on "
        "a NEREL folder, bare natasha beside",
    )
    nerel.add_argument("folder", type=Path, help="NEREL folder of .txt/.ann pairs (../shared/eval/nerel/dev)")
    nerel.add_argument("--engine", choices=ENGINE_NAMES, default="auto")
    nerel.add_argument("--limit", type=int, default=None, help="only the first N documents")
    nerel.add_argument("--save", type=Path, default=None, help="also write the scores (data/quality.json)")
    nerel.set_defaults(run=_eval_nerel)
    from analysis.tools.evaluate import discrepancies  # built tables against a reading list; no extra

    discrepancies.add_command(evaluate_commands)

    bench = commands.add_parser(
        "bench",
        help="benchmarks (docs/benchmarks.md): ner (default) | build | synthetic | dashboard",
        description="ner: the default engine's speed as a ratio to bare natasha NER; build: full build "
        "of the factRuEval devset against bare natasha NER, re-build, add one; synthetic: the same on a "
        "synthetic corpus of --articles articles; dashboard: every page's script-run time and memory",
    )
    bench.add_argument("mode", nargs="?", default="ner", choices=("ner", "build", "synthetic", "dashboard"))
    bench.add_argument("--factru", type=Path, default=Path("../shared/eval/factru/devset"))
    bench.add_argument("--articles", type=int, default=10_000, help="synthetic: corpus size")
    bench.add_argument("--seed", type=int, default=0, help="synthetic: random seed of the corpus")
    bench.add_argument(
        "--syndicated",
        type=float,
        default=0.0,
        help="synthetic: share of articles that reprint paragraphs of an earlier one (0.25: wire-heavy)",
    )
    bench.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="build/synthetic: scratch folder (default .cache/bench/MODE)",
    )
    bench.add_argument("--engine", choices=ENGINE_NAMES, default="natasha", help="build/synthetic")
    bench.add_argument("--dashboard", action="store_true", help="synthetic: also bench the dashboard on it")
    bench.add_argument("--data", type=Path, default=Path("data"), help="dashboard: folder of built tables")
    bench.add_argument("--limit", type=int, default=None)
    bench.add_argument("--repeats", type=int, default=3)
    bench.set_defaults(run=_bench)
    corrections.add_commands(commands, ENGINE_NAMES)
    review.add_command(commands)

    args = parser.parse_args(argv)
    absent = extras.missing(needed_extras(args))
    if absent:
        print(f"error: {absent}", file=sys.stderr)
        return 2
    try:
        return args.run(args)
    except (EngineUnavailable, CorpusError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as error:
        print(f"error: {missing_extra(error.name or '')}", file=sys.stderr)
        return 2


def needed_extras(args: argparse.Namespace) -> list[str]:
    """The extras a parsed command needs: its parser's ``extras`` (``nlp`` by default), ``stanza`` for
    ``--engine stanza``, ``dask`` for ``--scheduler dask[://…]``."""
    needed = list(getattr(args, "extras", (extras.NLP,)))
    if getattr(args, "engine", None) == "stanza":
        needed.append(extras.STANZA)
    if getattr(args, "scheduler", "local") != "local":
        needed.append(extras.DASK)
    return needed


def missing_extra(package: str) -> str:
    """One line naming the missing package and the install command that provides it."""
    return extras.message(package)
