"""Generated ``from_json`` readers: a model states its fields once, as attrs fields, and its
reader is compiled from them on first use.

A model subclasses ``JsonModel`` and sets ``json_name`` (what an error calls it). Each field is
read from the camelCase of its name (``session_id`` from ``sessionId``) by its type:

* ``str`` (required): a non-empty string; ``str | None``, ``int | None``, ``bool | None``;
* ``dt.datetime | None``: epoch milliseconds; ``E | str | None`` for an enum ``E``: the member,
  or the raw string of a value this SDK does not know (``E | str`` alone: ``""`` when absent);
* another model ``M``, ``M | None``, ``tuple[M, ...]``; ``tuple[str, ...]``;
* ``project_id``: ``projectId``, ``partnerId`` or ``applicationId``; ``raw``: the whole object.

``attrs.field(metadata={JSON: "key"})`` reads another key; ``{JSON: function}`` calls
``function(data)`` for the value, before the other fields.

The compiled code is straight-line. For the exact JSON type it keeps the value; for anything
else it calls that field's reader in ``_read``, which converts or raises exactly as the
hand-written readers did (tests/core/test_model_readers.py compares both on arbitrary JSON).
Instances are filled through a layout-identical mutable subclass (``_builder``) and then given
their class; a model with validators, converters or init hooks is refused. ``from_decoded`` is
the same reader keeping the object itself as ``raw`` (for JSON the SDK has just decoded).
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from opentok_core._model import Model

from . import _read

__all__ = ["JSON", "JsonModel", "reader_source"]

M = TypeVar("M", bound="JsonModel")

#: The metadata key of a field read from another key (a str) or by a function of the object.
JSON = "opentok.json"


class JsonModel(Model):
    """Base of the result models whose ``from_json`` is generated from their fields (and,
    as every model, ``to_dict()``)."""

    __slots__ = ()

    #: What error messages call the object (``"archive must be a JSON object, got list"``).
    json_name = "object"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The namespace the field annotations are written in, kept now: the class may later
        # be presented under its package's name (``__module__``), whose namespace differs.
        module = sys.modules.get(cls.__module__)
        if module is not None and "_json_namespace" not in cls.__dict__:
            cls._json_namespace = vars(module)  # type: ignore[attr-defined]

    @classmethod
    def from_json(cls: type[M], data: Any) -> M:
        """Read the model from the service's JSON object (camelCase keys, epoch-ms times,
        unknown enum values kept as strings); ValueError if a field has the wrong type."""
        model: M = compiled(cls)(cls, data)
        return model

    @classmethod
    def from_decoded(cls: type[M], data: Any) -> M:
        """``from_json`` for an object this SDK has just decoded and nobody else holds: it is
        kept as ``raw`` itself rather than copied (a listing page holds up to 1,000)."""
        model: M = compiled(cls, "from_decoded")(cls, data)
        return model


_Reader = Callable[[Any, Any], Any]

#: How each generated reader keeps the object as ``raw``.
_RAW = {"from_json": "dict(data)", "from_decoded": "data if type(data) is dict else dict(data)"}


def compiled(cls: type[JsonModel], name: str = "from_json") -> _Reader:
    """The generated reader ``name`` of ``cls``, compiled and installed on the class once."""
    reader = cls.__dict__.get(f"_json_{name}")
    if reader is None:
        source, namespace = _generate(cls, name)
        exec(compile(source, f"<{name} of {cls.__qualname__}>", "exec"), namespace)  # noqa: S102
        reader = namespace[name]
        reader.__qualname__ = f"{cls.__qualname__}.{name}"
        reader.__module__ = cls.__module__
        reader.__doc__ = getattr(JsonModel, name).__doc__
        setattr(cls, f"_json_{name}", reader)
        setattr(cls, name, classmethod(reader))
    return reader  # type: ignore[no-any-return]


def reader_source(cls: type[JsonModel], name: str = "from_json") -> str:
    """The Python source of ``cls.from_json`` (or ``from_decoded``), for reading and tests."""
    return _generate(cls, name)[0]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _members(t: Any) -> tuple[Any, ...]:
    if typing.get_origin(t) in (typing.Union, types.UnionType):
        return typing.get_args(t)
    return (t,)


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, JsonModel)


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, enum.Enum)


class _Writer:
    """Collects the lines of one reader and the names they use."""

    def __init__(self, cls: type[JsonModel]) -> None:
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "_new": object.__new__,
            "_builder": _builder(cls),
            "_fromtimestamp": dt.datetime.fromtimestamp,
            "_UTC": dt.timezone.utc,
            "_read": _read,
            "_cls": cls,
        }

    def bind(self, prefix: str, value: Any) -> str:
        name = f"_{prefix}{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)


def _builder(cls: type[Any]) -> type[Any]:
    """A subclass of ``cls`` adding nothing but plain attribute assignment.

    A frozen attrs instance can only be filled through ``object.__setattr__``, a slow call per
    field (most of what the hand-written readers cost). An instance of this subclass has the same
    layout, takes ``self.name = value`` at the speed of any slot store, and then becomes a
    ``cls`` by ``__class__`` assignment: the result is exactly what ``cls(...)`` builds.
    ``builder()`` runs no ``__init__`` (object's own), and is cheaper to call than
    ``object.__new__(builder)``.
    """
    builder: type[Any] | None = cls.__dict__.get("_json_builder")
    if builder is None:
        builder = type(
            f"_{cls.__name__}Builder",
            (cls,),
            {
                "__slots__": (),
                "__module__": cls.__module__,
                "__init__": object.__init__,
                "__setattr__": object.__setattr__,
                "__delattr__": object.__delattr__,
            },
        )
        cls._json_builder = builder
    return builder


def _generate(cls: type[JsonModel], name: str) -> tuple[str, dict[str, Any]]:
    slotted_attrs = attrs.has(cls) and "__slots__" in cls.__dict__
    if not slotted_attrs:
        raise TypeError(f"{cls.__qualname__} must be a slotted attrs class for a generated reader")
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        raise TypeError(f"{cls.__qualname__}: a generated reader does not run init hooks")
    namespace = getattr(cls, "_json_namespace", {})
    w = _Writer(cls)
    w.emit(
        f"def {name}(cls, data):",
        "    if type(data) is not dict:",
        f"        data = _read.obj(data, {cls.json_name!r})",
        "    get = data.get",
        # An empty instance: the builder's own call when the model keeps object's __new__.
        "    self = _builder()" if cls.__new__ is object.__new__ else "    self = _new(_builder)",
    )
    fields = attrs.fields(typing.cast(Any, cls))
    # Fields read by a function go first, as the hand-written readers computed them first.
    for field in fields:
        if callable(field.metadata.get(JSON)):
            w.emit(f"    c_{field.name} = {w.bind('read', field.metadata[JSON])}(data)")
    for field in fields:
        if field.validator is not None or field.converter is not None:
            raise TypeError(f"{cls.__qualname__}.{field.name}: no validators or converters")
        if callable(field.metadata.get(JSON)):
            w.emit(f"    self.{field.name} = c_{field.name}")
            continue
        hint = eval(field.type, namespace) if isinstance(field.type, str) else field.type  # noqa: S307
        _field(w, cls, field, hint, name)
        w.emit(f"    self.{field.name} = v")
    w.emit("    self.__class__ = _cls", "    return self")
    return "\n".join(w.lines) + "\n", w.namespace


def _field(w: _Writer, cls: type[Any], field: attrs.Attribute[Any], hint: Any, name: str) -> None:
    """The lines that leave ``field``'s value in ``v``."""
    how = field.metadata.get(JSON)
    key = how if isinstance(how, str) else _camel(field.name)
    if how is None and field.name == "raw":
        w.emit(f"    v = {_RAW[name]}")
        return
    if how is None and field.name == "project_id":
        w.emit(
            '    v = get("projectId")',
            "    if type(v) is not str:",
            "        v = str(v) if type(v) is int else _read.project_id(data)",
        )
        return
    members = _members(hint)
    optional = type(None) in members
    kinds = tuple(m for m in members if m is not type(None))
    k = repr(key)
    w.emit(f"    v = get({k})")
    if kinds in ((str,), (int,), (bool,)) and (optional or kinds == (str,)):
        t = kinds[0].__name__
        if not optional:  # a required string
            w.emit("    if type(v) is not str or not v:", f"        v = _read.req_str(data, {k})")
        else:
            w.emit(
                f"    if v is not None and type(v) is not {t}:",
                f"        v = _read.opt_{t}(data, {k})",
            )
    elif kinds == (dt.datetime,) and optional:
        w.emit(
            "    if v is not None:",
            "        if type(v) is int:",
            "            try:",
            "                v = _fromtimestamp(v / 1000, _UTC)",
            "            except (OverflowError, OSError, ValueError):",
            f"                v = _read.ms_time(data, {k})",
            "        else:",
            f"            v = _read.ms_time(data, {k})",
        )
    elif len(kinds) == 2 and _is_enum(kinds[0]) and kinds[1] is str:
        _enum(w, kinds[0], k)
        if not optional:
            w.emit('    v = v or ""')
    elif len(kinds) == 1 and _is_model(kinds[0]):
        read = w.bind("read", compiled(kinds[0], name))
        model = w.bind("M", kinds[0])
        if optional:
            w.emit("    if v is not None:", f"        v = {read}({model}, v)")
        elif field.default is attrs.NOTHING:
            w.emit(f"    v = {read}({model}, v)")
        else:
            default = w.bind("default", field.default)
            w.emit(f"    v = {default} if v is None else {read}({model}, v)")
    elif typing.get_origin(hint) is tuple and not optional:
        item = typing.get_args(hint)[0]
        if item is str:
            w.emit("    v = () if v is None else _read.str_tuple(data, " + k + ")")
        elif _is_model(item):
            read = w.bind("read", compiled(item, name))
            model = w.bind("M", item)
            w.emit(
                "    if v is None or (type(v) is list and not v):",
                "        v = ()",
                "    else:",
                "        if type(v) is not list:",
                f"            v = _read.opt_list(data, {k})",
                f"        v = tuple([{read}({model}, x) for x in v])",
            )
        else:
            raise TypeError(f"{cls.__qualname__}.{field.name}: no reader for {hint!r}")
    else:
        raise TypeError(f"{cls.__qualname__}.{field.name}: no reader for {hint!r}")


def _enum(w: _Writer, cls: type[enum.Enum], k: str) -> None:
    if getattr(cls._missing_, "__func__", None) is not enum.Enum._missing_.__func__:  # type: ignore[attr-defined]
        # A custom lookup: always ask the enum itself.
        w.emit(f"    v = _read.opt_enum({w.bind('E', cls)}, data, {k})")
        return
    # Enum(value) for a str is a lookup among the values; a miss keeps the string.
    values: Mapping[Any, Any] = {m.value: m for m in cls.__members__.values()}
    w.emit(
        "    if type(v) is str:",
        f"        v = {w.bind('values', values)}.get(v, v)",
        "    elif v is not None:",
        f"        v = _read.opt_enum({w.bind('E', cls)}, data, {k})",
    )
