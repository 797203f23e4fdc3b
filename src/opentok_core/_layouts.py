"""Video layouts of composed archives and live-streaming broadcasts, as validated values.

Wire shape (spec/service.md#layouts): ``{"type", "stylesheet"?, "screenshareType"?}``.
Rules enforced here, before anything is sent: ``custom`` needs a stylesheet and only ``custom``
may have one; ``screenshareType`` goes only with ``bestFit`` and is never ``custom``. (The
official SDK silently drops a stylesheet given with another type; we refuse it instead.)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from ._errors import ValidationError
from ._validate import check_str, enum_field, optional_field, to_enum

__all__ = [
    "Layout",
    "LayoutType",
    "LayoutTypeValue",
    "ScreenshareType",
    "ScreenshareTypeValue",
    "to_layout",
]


class LayoutType(str, enum.Enum):
    """Predefined layout types, plus ``custom`` (CSS). ``focus`` is listed by the Node docs."""

    BEST_FIT = "bestFit"
    CUSTOM = "custom"
    HORIZONTAL_PRESENTATION = "horizontalPresentation"
    PIP = "pip"
    VERTICAL_PRESENTATION = "verticalPresentation"
    FOCUS = "focus"


class ScreenshareType(str, enum.Enum):
    """Layout used while a screen-sharing stream is present (never ``custom``)."""

    BEST_FIT = "bestFit"
    HORIZONTAL_PRESENTATION = "horizontalPresentation"
    PIP = "pip"
    VERTICAL_PRESENTATION = "verticalPresentation"


LayoutTypeValue = Literal[
    "bestFit", "custom", "horizontalPresentation", "pip", "verticalPresentation", "focus"
]
"""A LayoutType's wire value as text (a typo is a type error)."""
ScreenshareTypeValue = Literal["bestFit", "horizontalPresentation", "pip", "verticalPresentation"]
"""A ScreenshareType's wire value as text."""


def _stylesheet(field: str, value: object) -> str:
    return check_str(field, value, min_len=1)


@attrs.frozen
class Layout:
    """A layout: ``Layout("pip")``, ``Layout.custom(css)``, ``Layout.best_fit("pip")``.

    Arguments are in the official SDK's ``set_archive_layout`` order (type, stylesheet,
    screenshare type); types accept the enum members or their wire strings.
    """

    type: LayoutType = enum_field(LayoutType, LayoutType.BEST_FIT)
    stylesheet: str | None = optional_field(_stylesheet)
    screenshare_type: ScreenshareType | None = enum_field(ScreenshareType)

    def __attrs_post_init__(self) -> None:
        custom = self.type is LayoutType.CUSTOM
        if custom and self.stylesheet is None:
            raise ValidationError("stylesheet", "is required with layout type 'custom'")
        if not custom and self.stylesheet is not None:
            raise ValidationError("stylesheet", "is only allowed with layout type 'custom'")
        if self.screenshare_type is not None and self.type is not LayoutType.BEST_FIT:
            raise ValidationError("screenshare_type", "is only allowed with layout type 'bestFit'")

    @classmethod
    def custom(cls, stylesheet: str) -> Layout:
        """A CSS layout."""
        return cls(LayoutType.CUSTOM, stylesheet)

    @classmethod
    def best_fit(
        cls, screenshare_type: ScreenshareType | ScreenshareTypeValue | None = None
    ) -> Layout:
        """The tiled default, optionally switching to ``screenshare_type`` while sharing."""
        return cls(LayoutType.BEST_FIT, None, screenshare_type)  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Layout:
        """Read the official SDK's dict: ``{"type", "stylesheet"?, "screenshareType"?}``."""
        unknown = sorted(str(k) for k in data if k not in _DICT_KEYS)
        if unknown:
            allowed = ", ".join(_DICT_KEYS)
            raise ValidationError(unknown[0], f"is not a layout key (use {allowed})")
        if "type" not in data:
            raise ValidationError("type", "is required in a layout dict")
        return cls(
            data["type"],
            data.get("stylesheet"),
            data.get("screenshareType"),
        )

    @classmethod
    def of(
        cls, layout_type: object, stylesheet: object = None, screenshare_type: object = None
    ) -> Layout:
        """The official ``set_*_layout(id, layout_type, stylesheet, screenshare_type)``
        arguments as one Layout; ``layout_type`` may itself be a Layout or a layout dict (then
        give nothing beside it)."""
        if isinstance(layout_type, (Layout, Mapping)):
            for name, extra in (("stylesheet", stylesheet), ("screenshare_type", screenshare_type)):
                if extra is not None:
                    raise ValidationError(name, "give it inside the layout, not beside it")
            return to_layout("layout_type", layout_type)
        return cls(
            to_enum(LayoutType, "layout_type", layout_type),
            stylesheet,  # type: ignore[arg-type]
            screenshare_type,  # type: ignore[arg-type]
        )

    def to_json(self) -> dict[str, str]:
        """The wire object, without unset keys."""
        body = {"type": self.type.value}
        if self.stylesheet is not None:
            body["stylesheet"] = self.stylesheet
        if self.screenshare_type is not None:
            body["screenshareType"] = self.screenshare_type.value
        return body


_DICT_KEYS = ("type", "stylesheet", "screenshareType")


def to_layout(field: str, value: object) -> Layout:
    """Accept a Layout, the official dict shape, or a bare layout type; errors name
    ``field.<part>`` so a nested problem says where it is."""
    if isinstance(value, Layout):
        return value
    try:
        if isinstance(value, Mapping):
            return Layout.from_dict(value)
        if isinstance(value, (str, enum.Enum)):
            return Layout(to_enum(LayoutType, "type", value))
    except ValidationError as exc:
        raise ValidationError(f"{field}.{exc.field}", exc.problem) from None
    raise ValidationError(
        field, f"must be a Layout, a dict or a layout type, not {type(value).__name__}"
    )
