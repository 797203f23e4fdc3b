"""Timing and reporting helpers: interleaved rounds, medians, ratios, a plain-text table."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: A contender runs ``n`` operations and returns the seconds they took (setup stays outside).
Contender = Callable[[int], float]


@dataclass
class Result:
    """The per-round samples of one contender, in ``unit`` (per operation or per second)."""

    name: str
    unit: str
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def spread(self) -> str:
        return f"{min(self.samples):.4g}–{max(self.samples):.4g}"


def per_op(name: str, unit: str = "µs") -> Result:
    return Result(name, unit)


def interleave(
    contenders: dict[str, Contender],
    n: int | dict[str, int],
    rounds: int,
    *,
    unit: str = "µs",
    throughput: bool = False,
) -> dict[str, Result]:
    """Run every contender once per round, rotating the order so none always goes first.

    Each sample is microseconds per operation (``unit="µs"``), milliseconds per operation
    (``unit="ms"``) or, with ``throughput``, operations per second.
    """
    results = {name: Result(name, "req/s" if throughput else unit) for name in contenders}
    names = list(contenders)
    scale = {"µs": 1e6, "ms": 1e3}.get(unit, 1.0)
    for name in names:  # warm up: connections, caches, lazy imports
        count = n[name] if isinstance(n, dict) else n
        contenders[name](max(1, count // 10))
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            count = n[name] if isinstance(n, dict) else n
            gc.collect()
            seconds = contenders[name](count)
            value = count / seconds if throughput else seconds / count * scale
            results[name].samples.append(value)
    return results


def timed(fn: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> Contender:
    """A contender that calls ``fn`` n times in a tight loop, timed by ``clock``.

    Pure-CPU work (token minting) is timed with ``time.process_time``: on a shared machine the
    CPU time a loop used is far steadier than the wall time it took.
    """

    def run(n: int) -> float:
        started = clock()
        for _ in range(n):
            fn()
        return clock() - started

    return run


@dataclass
class Section:
    """One comparison: its title, what the numbers are, and the results in display order."""

    title: str
    results: list[Result]
    #: the contender the ratios are relative to (ours)
    baseline: str
    higher_is_better: bool = False
    note: str = ""

    def ratio(self, name: str) -> float:
        """How many times faster ours is than ``name`` (below 1: ``name`` is faster)."""
        ours = self.by_name(self.baseline).median
        other = self.by_name(name).median
        return ours / other if self.higher_is_better else other / ours

    def paired(self, name: str) -> float:
        """``ratio`` as the median of the per-round ratios (see ``paired_ratio``)."""
        ours, other = self.by_name(self.baseline), self.by_name(name)
        return paired_ratio(ours, other) if self.higher_is_better else paired_ratio(other, ours)

    def by_name(self, name: str) -> Result:
        for result in self.results:
            if result.name == name:
                return result
        raise KeyError(name)


def paired_ratio(a: Result, b: Result) -> float:
    """The median over rounds of ``a``'s sample / ``b``'s sample of the same round (the target
    lines' figure): the two samples of one round ran seconds apart, so the machine's load
    changing from one round to the next cancels out of each round's ratio."""
    return statistics.median(x / y for x, y in zip(a.samples, b.samples, strict=True))


def render(sections: list[Section]) -> str:
    """The table: each section's contenders with median, spread and the ratio to ours."""
    width = max(len(r.name) for s in sections for r in s.results) + 2
    lines = []
    for section in sections:
        lines.append("")
        lines.append(section.title)
        if section.note:
            lines.append(f"  ({section.note})")
        lines.append(
            f"  {'contender':<{width}}{'median':>12}  {'unit':<6}{'min–max':>22}  {'ours is':>14}"
        )
        for result in section.results:
            if result.name == section.baseline:
                ratio = "(ours)"
            else:
                r = section.ratio(result.name)
                ratio = f"{r:.2f}× faster" if r >= 1 else f"{1 / r:.2f}× slower"
            lines.append(
                f"  {result.name:<{width}}{result.median:>12.4g}  {result.unit:<6}"
                f"{result.spread:>22}  {ratio:>14}"
            )
    return "\n".join(lines)
