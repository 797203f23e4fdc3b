"""The core's building blocks, published for code built on it: the emulator, custom operations
(declared like the SDK's own, with an ``endpoint``) and custom transports.

``opentok_core``'s own names are the SDK's API; these are the parts beneath them that another
package may rely on too: JWS keys and codecs, request and response helpers, the input checks
operations validate with, and the readers models parse with. The emulator
(``opentok_emulator``) is built from these and the top-level names alone, never from the
core's private modules (an import-linter contract in ``pyproject.toml`` holds every package
but the core to that).
"""

from __future__ import annotations

from ._credentials import Secret, SecretBytes
from ._endpoint import Endpoint, endpoint
from ._failures import failure_reason, origin
from ._http import decode_json, encode_json
from ._jwt import HS256Key, JwsKey, RS256Key, b64url_decode, decode_jwt, encode_jwt, split_jwt
from ._operation import json_request
from ._paths import query, quote
from ._tokens import MAX_DATA, MAX_LIFETIME, T1_PREFIX
from ._validate import bool_field, check_int, checked_field, id_field, str_field, str_list
from .models._read import (
    json_object,
    ms_time,
    obj,
    opt_bool,
    opt_int,
    opt_list,
    opt_str,
    req_str,
    str_tuple,
)

__all__ = [
    "MAX_DATA",
    "MAX_LIFETIME",
    "T1_PREFIX",
    "Endpoint",
    "HS256Key",
    "JwsKey",
    "RS256Key",
    "Secret",
    "SecretBytes",
    "b64url_decode",
    "bool_field",
    "check_int",
    "checked_field",
    "decode_json",
    "decode_jwt",
    "encode_json",
    "endpoint",
    "encode_jwt",
    "failure_reason",
    "id_field",
    "json_object",
    "json_request",
    "ms_time",
    "obj",
    "opt_bool",
    "opt_int",
    "opt_list",
    "opt_str",
    "origin",
    "query",
    "quote",
    "req_str",
    "split_jwt",
    "str_field",
    "str_list",
    "str_tuple",
]
