"""Fault injection: make the next N calls to an operation fail, slow down or drop.

A fault is a decision, not an action: the emulator returns it with its reply (``Reply.delay``,
``Reply.drop``) and the transport or server carries it out. Faults are set through the control
API (``POST /_emulator/faults``) and never apply to control routes.

``phase`` says when the fault strikes:

* ``before`` (default): the call never reaches the service: no state changes (what a 503 or a
  429 from a front door means, and what the retry policy assumes);
* ``after``: the call is carried out, then its answer is replaced, delayed or lost (the
  "did my POST happen?" case that makes retrying a side effect dangerous).

``cut`` sends the real answer's head and half its body, then drops the connection (a
download cut halfway: what resuming with ``Range`` is for); it always strikes "after".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from . import _rules as rules
from ._wire import Reject, Wire, get_bool, get_choice, get_int, get_str

__all__ = ["Fault", "Faults"]

MAX_DELAY = 600.0


@attrs.define(eq=False)
class Fault:
    """One rule: ``operation`` (a route name such as ``archives.start``, or ``*``)."""

    id: str
    operation: str
    remaining: int
    status: int | None
    retry_after: float | None
    delay: float
    drop: bool
    phase: str
    message: str
    cut: bool = False

    def to_wire(self) -> Wire:
        return {
            "id": self.id,
            "operation": self.operation,
            "remaining": self.remaining,
            "status": self.status,
            "retryAfter": self.retry_after,
            "delay": self.delay,
            "drop": self.drop,
            "phase": self.phase,
            "message": self.message,
            "cut": self.cut,
        }

    def matches(self, operation: str, phase: str) -> bool:
        # A fault that only delays lets the call run: it always strikes "after".
        own_phase = self.phase if (self.status is not None or self.drop) else "after"
        return own_phase == phase and self.operation in ("*", operation)


def _seconds(data: Wire, key: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Reject(rules.FAULT_SECONDS, key=key)
    if not 0 <= value <= MAX_DELAY:
        raise Reject(rules.FAULT_RANGE, key=key, limit=f"{MAX_DELAY:g}")
    return float(value)


class Faults:
    """The active fault rules, consumed in the order they were added."""

    def __init__(self) -> None:
        self._rules: list[Fault] = []

    def add(self, data: Wire, new_id: Callable[[], str], operations: frozenset[str]) -> Fault:
        operation = get_str(data, "operation", min_len=1) or "*"
        if operation != "*" and operation not in operations:
            raise Reject(rules.FAULT_OPERATION, operation=operation)
        status = get_int(data, "status", lo=400, hi=599)
        drop = bool(get_bool(data, "drop", False))
        delay = _seconds(data, "delay") or 0.0
        cut = bool(get_bool(data, "cut", False))
        if status is None and not drop and delay == 0 and not cut:
            raise Reject(rules.FAULT_EMPTY)
        if status is not None and drop:
            raise Reject(rules.FAULT_EXCLUSIVE)
        if cut and (status is not None or drop):
            raise Reject(rules.FAULT_CUT)
        fault = Fault(
            id=new_id(),
            operation=operation,
            remaining=get_int(data, "count", lo=1, hi=1_000_000, default=1) or 1,
            status=status,
            retry_after=_seconds(data, "retryAfter"),
            delay=delay,
            drop=drop,
            phase=get_choice(data, "phase", ("before", "after"), "before") or "before",
            message=get_str(data, "message", max_len=1000) or "Injected fault",
            cut=cut,
        )
        self._rules.append(fault)
        return fault

    def take(self, operation: str, phase: str) -> Fault | None:
        """The first rule for ``operation`` in ``phase``, counted down (and dropped at zero)."""
        for fault in self._rules:
            if fault.matches(operation, phase):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._rules.remove(fault)
                return fault
        return None

    def list(self) -> list[Fault]:
        return list(self._rules)

    def clear(self) -> None:
        self._rules.clear()


def fault_headers(fault: Fault) -> tuple[tuple[str, str], ...]:
    if fault.retry_after is None:
        return ()
    value: Any = fault.retry_after
    text = str(int(value)) if float(value).is_integer() else str(value)
    return (("retry-after", text),)
