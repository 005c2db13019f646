"""The registry's stages run as a graph (``runner.run_stages``). Values no later stage reads and
the build does not write are let go after their last reader.

On a Dask cluster (``--scheduler dask`` or ``dask://HOST:PORT``: ``Cluster``), every corpus stage of
the registry runs on the workers, and so does every per-article stage that reads a value made there
(the corpus's ``Document`` objects, or values made of them). A stage is submitted with the futures of
its inputs as arguments: Dask runs it where they are, or moves them worker to worker, and what it
makes stays there as a future, so the documents never travel through this process. This process
sends its own values once (the engine's tables, what its per-article stages made), gathers what the
build writes and each remote stage's errors, CPU seconds and process id, and runs the per-article
stages whose inputs it holds (their articles in chunks on the workers, as before). A worker reads and
writes the stage cache and the memos at their paths here: on a cluster that does not share this
machine's disk it finds neither, and computes every article (same tables, no reuse).
When the cluster goes away, a stage it cannot take runs here, and a value it lost is made here again
by its stage, from values gathered or made here again in turn, down to the build's inputs.

With a pool of local processes (``Graph``), a corpus stage that later stages can do without is sent
to it and this process goes on with those stages; its tables are collected when a stage needs them,
or at the end. Those corpus stages are the ones whose output is tables and whose inputs are tables or
per-article artifacts (lists and frames, quick to send): sending the ``Document`` objects from here
costs more than the stage (at 1,000 articles 20 MB of documents took 8 s to pickle and 12 s to load,
their making 4 CPU s). Today that is ``events`` (its dated clauses are per-article lists), which then
runs beside documents, citations, quotes, copies, alignments, roles, quantities, syntax, claim
profiles and claims.
Without a pool the stages run in ``in_order``'s order, one after another, as always.
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import Executor, Future
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Any

from analysis.build.cache import DiskCache
from analysis.build.runner import Runner, article_stage, clocked, corpus_stage
from analysis.core.schema import ARTICLES, TABLES
from analysis.stages import registry
from analysis.stages.registry import INPUTS, Scope, Stage, in_order, producers, written


@dataclass(frozen=True)
class Done:
    """What a corpus stage run in a worker sends back."""

    made: tuple
    errors: list[dict[str, str]]
    cpu_seconds: float  # measured in the worker
    pid: int  # the worker's process id


def corpus_task(
    name: str, needs: dict[str, Any], ids: list[str], files: dict[str, str], **context: Any
) -> Done:
    """The registry's corpus stage ``name`` with its failure rule (``runner.corpus_stage``), in a
    worker process (found by name, as ``runner.run_articles`` finds per-article stages)."""
    began = time.process_time()
    stage = next(stage for stage in registry.STAGES if stage.name == name)
    made, errors = corpus_stage(
        stage, needs, ids, files, context.get("story"), context.get("corrections"), context.get("memo")
    )
    return Done(made, errors, time.process_time() - began, os.getpid())


def shippable(stage: Stage, stages: list[Stage]) -> bool:
    """Whether ``stage`` may run in a worker: a corpus stage of the registry (workers find it by
    name) that makes tables only, from tables or the results of per-article stages."""
    makers = {stage.name: stage for stage in stages}
    made_by = producers(stages)

    def cheap(need: str) -> bool:
        return need in INPUTS or need in TABLES or makers[made_by[need][0]].scope is Scope.ARTICLE

    return (
        stage.scope is Scope.CORPUS
        and any(known is stage for known in registry.STAGES)
        and all(name in TABLES for name in stage.makes)
        and all(cheap(need) for need in stage.needs)
    )


def readers(stages: list[Stage]) -> dict[str, set[str]]:
    """Value -> the stages that read it: their needs, and for a per-article stage what its cache
    key reads of an artifact need (the needs of the artifact's maker, on down: ``Runner._fingerprint``)."""
    made_by = producers(stages)
    makers = {stage.name: stage for stage in stages}
    found: dict[str, set[str]] = {}

    def read(name: str, reader: str, seen: set[str]) -> None:
        if name in seen:
            return
        seen.add(name)
        found.setdefault(name, set()).add(reader)
        if name not in TABLES and name in made_by:
            for need in makers[made_by[name][0]].own_needs():
                read(need, reader, seen)

    for stage in stages:
        for need in stage.needs:
            found.setdefault(need, set()).add(stage.name)
        for need in stage.own_needs() if stage.scope is Scope.ARTICLE else ():
            read(need, stage.name, set())
    return found


def priority(stages: list[Stage]) -> list[Stage]:
    """``in_order``'s order, except that the stages a shippable corpus stage waits on come first, so
    it starts as early as its needs allow (``events`` after the dated clauses, before the documents)."""
    ordered = in_order(stages)
    makers = {name: stage for stage in ordered for name in stage.makes}
    early = {stage.name for stage in ordered if shippable(stage, ordered)}
    pending = [need for stage in ordered if stage.name in early for need in stage.needs]
    while pending:
        maker = makers.get(pending.pop())
        if maker is not None and maker.name not in early:
            early.add(maker.name)
            pending += maker.needs
    available, result, rest = set(INPUTS), [], list(ordered)
    while rest:
        ready = [stage for stage in rest if available.issuperset(stage.needs)]
        chosen = next((stage for stage in ready if stage.name in early), ready[0])
        result.append(chosen)
        available.update(chosen.makes)
        rest.remove(chosen)
    return result


@dataclass
class Remote:
    """A corpus stage sent to the pool: its future, and its inputs kept to run it here if the pool breaks."""

    stage: Stage
    future: Future
    ids: list[str]
    needs: dict[str, Any]


class Graph:
    """One run of the stages over a ``Runner``: what runs where, what is pending, what is let go."""

    def __init__(self, runner: Runner, stages: list[Stage], where: dict[str, int] | None) -> None:
        self.runner = runner
        self.serial = in_order(stages)  # the order errors are reported in, as a serial build finds them
        self.order = priority(stages) if runner.pool is not None else in_order(stages)
        self.keep = set(written(stages))
        self.readers = {name: set(names) for name, names in readers(self.order).items()}
        self.remote: dict[str, Remote] = {}  # value name -> the remote stage making it
        self.where = where if where is not None else {}
        self.shippable = {stage.name for stage in self.order if shippable(stage, self.order)}

    def run(self) -> None:
        todo = list(self.order)
        while todo:
            stage = next((s for s in todo if not self.remote.keys() & set(s.needs)), None)
            if stage is None:  # every stage left waits on a remote one: the first's need
                self.collect(next(need for need in todo[0].needs if need in self.remote))
                continue
            todo.remove(stage)
            if self.offload(stage, todo):
                self.submit(stage)
            else:
                self.runner.run(stage)
                self.where[stage.name] = os.getpid()
            self.release(stage)
        while self.remote:
            self.collect(next(iter(self.remote)))
        self.sort_errors()

    def sort_errors(self) -> None:
        """The errors in the order a serial build finds them (stage by stage; within one, as found)."""
        position = {stage.name: index for index, stage in enumerate(self.serial)}
        self.runner.errors.sort(key=lambda error: position.get(error["stage"], -1))

    def offload(self, stage: Stage, todo: list[Stage]) -> bool:
        """Send ``stage`` to the pool when it may go there and the next stage here does not need it."""
        if self.runner.pool is None or stage.name not in self.shippable:
            return False
        following = next((s for s in todo if not self.remote.keys() & set(s.needs)), None)
        return following is not None and not self._depends(following, stage)

    def _depends(self, later: Stage, earlier: Stage) -> bool:
        makers = {name: stage for stage in self.order for name in stage.makes}
        pending, seen = list(later.needs), set()
        while pending:
            maker = makers.get(pending.pop())
            if maker is None or maker.name in seen:
                continue
            if maker is earlier:
                return True
            seen.add(maker.name)
            pending += maker.needs
        return False

    def submit(self, stage: Stage) -> None:
        runner = self.runner
        ids = runner.ids(stage)
        needs = {need: runner.values[need] for need in stage.needs}
        context: dict[str, Any] = {"story": runner.story} if stage.story else {}
        if stage.corrections:
            context["corrections"] = runner.corrections
        if stage.memo:
            context["memo"] = runner.memo_path(stage)
        files = {article_id: runner.files.get(article_id, "") for article_id in ids}
        future = None
        # a pool that cannot take work (shut down, broken): the stage runs here
        with clocked(runner.seconds, stage.name), suppress(Exception):
            future = runner.pool.submit(corpus_task, stage.name, needs, ids, files, **context)
        if future is None:
            runner.run(stage)
            self.where[stage.name] = os.getpid()
            return
        remote = Remote(stage, future, ids, needs)
        self.remote.update(dict.fromkeys(stage.makes, remote))

    def collect(self, name: str) -> None:
        """The tables of the remote stage making ``name``; if the pool broke, the stage runs here."""
        remote = self.remote[name]
        for made in remote.stage.makes:
            del self.remote[made]
        runner, stage = self.runner, remote.stage
        try:
            done = remote.future.result()
        except Exception:  # noqa: BLE001 - a worker died or the pool broke: the stage runs here
            saved = {need: runner.values.get(need) for need in stage.needs}
            runner.values.update(remote.needs)
            runner.run(stage)
            self.where[stage.name] = os.getpid()
            for need, value in saved.items():
                if value is None:
                    runner.values.pop(need, None)
            return
        runner.values.update(zip(stage.makes, done.made, strict=True))
        runner.errors += done.errors
        self.where[stage.name] = done.pid
        if runner.seconds is not None:
            runner.seconds[stage.name] = runner.seconds.get(stage.name, 0.0) + done.cpu_seconds

    def release(self, stage: Stage) -> None:
        """Let go of the values ``stage`` was the last reader of (unless the build writes them)."""
        for name, names in self.readers.items():
            names.discard(stage.name)
            if not names and name not in self.keep:
                self.runner.values.pop(name, None)


def article_task(name: str, values: dict[str, Any], keys: dict[str, str], cache: Any, **context: Any) -> Done:
    """The registry's per-article stage ``name`` over ``values`` (the articles and its needs), whole,
    on a Dask worker. The stage cache is used when the worker sees its folder (a cluster sharing this
    machine's disk); else every article is computed, with the same result."""
    began = time.process_time()
    stage = next(stage for stage in registry.STAGES if stage.name == name)
    usable = cache if isinstance(cache, DiskCache) and cache.folder.is_dir() else None
    made, errors = article_stage(
        stage, values, keys, usable, context.get("story"), context.get("corrections")
    )
    return Done(made, errors, time.process_time() - began, os.getpid())


def part(done: Done, index: int) -> Any:
    """One of the values a stage made on a worker, left there (a future of it is the next stage's input)."""
    return done.made[index]


def report(done: Done) -> Done:
    """What this process gathers of a stage run on a worker: its errors, CPU seconds and process id."""
    return replace(done, made=())


def cluster_of(pool: Executor | None) -> Any:
    """The Dask client behind ``pool`` (``engine.stage_pool``'s executor of a cluster), else None."""
    executors = sys.modules.get("distributed.cfexecutor")  # not imported: ``pool`` is not Dask's
    if executors is None or not isinstance(pool, executors.ClientExecutor):
        return None
    return pool._client  # noqa: SLF001 - its own client: ``submit`` takes futures as arguments


class Cluster(Graph):
    """``Graph`` on a Dask cluster: every corpus stage of the registry, and every per-article one that
    reads a value on the cluster, runs there, its inputs the futures of the stages that made them
    (Dask runs it where they are, or moves them worker to worker), and what it makes stays there as
    futures. This process gathers what the build writes, each stage's errors, CPU seconds and
    process id, and the tables it needs itself (a per-article stage's cache keys read them).

    A value the cluster lost (it went away, its workers died) is made here again by its stage, from
    values gathered or made here again in turn, down to the build's inputs (kept for that)."""

    def __init__(
        self, runner: Runner, stages: list[Stage], where: dict[str, int] | None, client: Any
    ) -> None:
        super().__init__(runner, stages, where)
        self.order = in_order(stages)
        self.client = client
        self.makers = {name: stage for stage in self.order for name in stage.makes}
        self.futures: dict[str, Any] = {}  # value name -> its future on the cluster (made there, or sent)
        self.reports: dict[str, Any] = {}  # stage run on the cluster -> the future of its ``report``
        self.redone: set[str] = set()  # stages made here again: their reports are not read

    def run(self) -> None:
        for stage in self.order:
            if not (self.belongs(stage) and self.send(stage)):
                self.run_here(stage)
            self.release(stage)
        for name in written(self.order):
            self.here(name)
        for name, future in self.reports.items():
            if name not in self.redone:
                self.read(name, future)
        self.sort_errors()

    def belongs(self, stage: Stage) -> bool:
        """Whether ``stage`` runs on the cluster: a stage of the registry (workers find it by name),
        of the corpus or reading a value that is only there and that the build does not write."""
        remote = any(
            need in self.futures and need not in self.runner.values and need not in self.keep
            for need in stage.needs
        )
        return any(known is stage for known in registry.STAGES) and (stage.scope is Scope.CORPUS or remote)

    def hashed(self, stage: Stage) -> list[str]:
        """The tables a per-article stage's cache keys read (``Runner._fingerprint``): its own needs,
        through the makers of the artifacts among them (the build's inputs are here already)."""
        if stage.scope is not Scope.ARTICLE or self.runner.cache is None:
            return []
        found, pending = [], list(stage.own_needs())
        while pending:
            name = pending.pop()
            if name in TABLES:
                found.append(name)
            elif name in self.makers:
                pending += self.makers[name].own_needs()
        return found

    def future(self, name: str) -> Any:
        """``name`` on the cluster: the future of the stage that made it there, else sent once."""
        if name not in self.futures:
            self.futures[name] = self.client.scatter([self.runner.values[name]], hash=False)[0]
        return self.futures[name]

    def send(self, stage: Stage) -> bool:
        """Submit ``stage`` with its needs as futures; False when the cluster cannot take it."""
        runner = self.runner
        context: dict[str, Any] = {"story": runner.story} if stage.story else {}
        if stage.corrections:
            context["corrections"] = runner.corrections
        with clocked(runner.seconds, stage.name):
            for name in self.hashed(stage):
                self.here(name)
            try:
                needs = {need: self.future(need) for need in stage.needs}
                if stage.scope is Scope.CORPUS:
                    ids = runner.ids(stage)
                    files = {article_id: runner.files.get(article_id, "") for article_id in ids}
                    context.update({"memo": runner.memo_path(stage)} if stage.memo else {})
                    task = (corpus_task, stage.name, needs, ids, files)
                else:
                    values = {ARTICLES: self.future(ARTICLES), **needs}
                    task = (article_task, stage.name, values, runner.keys(stage), runner.cache)
                done = self.client.submit(*task, pure=False, **context)
                made = [self.client.submit(part, done, k, pure=False) for k in range(len(stage.makes))]
                self.reports[stage.name] = self.client.submit(report, done, pure=False)
            except Exception:  # noqa: BLE001 - the cluster cannot take work: the stage runs here
                return False
        self.futures.update(zip(stage.makes, made, strict=True))
        return True

    def run_here(self, stage: Stage) -> None:
        for name in [*stage.needs, *self.hashed(stage)]:
            self.here(name)
        self.runner.run(stage)
        self.where[stage.name] = os.getpid()

    def here(self, name: str) -> None:
        """``name``'s value in this process: gathered from the cluster, else made here again."""
        if name in self.runner.values:
            return
        try:
            self.runner.values[name] = self.futures[name].result()
        except Exception:  # noqa: BLE001 - lost with the cluster, or let go: its stage runs here
            self.redo(self.makers[name])

    def redo(self, stage: Stage) -> None:
        """``stage`` made here again, its errors as this run finds them."""
        self.runner.errors = [error for error in self.runner.errors if error["stage"] != stage.name]
        self.redone.add(stage.name)
        self.run_here(stage)

    def read(self, name: str, future: Any) -> None:
        """The errors, CPU seconds and process of the stage ``name`` run on the cluster; if they are
        lost, the stage runs here."""
        runner = self.runner
        try:
            done = future.result()
        except Exception:  # noqa: BLE001 - the cluster went away before it answered
            self.redo(next(stage for stage in self.order if stage.name == name))
            return
        runner.errors += done.errors
        self.where[name] = done.pid
        if runner.seconds is not None:
            runner.seconds[name] = runner.seconds.get(name, 0.0) + done.cpu_seconds

    def release(self, stage: Stage) -> None:
        """As ``Graph.release``, on the cluster too; the build's inputs stay here (values lost with
        the cluster are made again from them)."""
        for name, names in self.readers.items():
            names.discard(stage.name)
            if not names and name not in self.keep:
                self.futures.pop(name, None)
                if name not in INPUTS:
                    self.runner.values.pop(name, None)


def run_graph(runner: Runner, stages: Any, where: dict[str, int] | None = None) -> None:
    """Run ``stages`` over ``runner`` (``runner.values`` then holds what the build writes)."""
    client = cluster_of(runner.pool)
    graph = (
        Graph(runner, list(stages), where) if client is None else Cluster(runner, list(stages), where, client)
    )
    graph.run()
