"""What ``acacia-sop add resource`` is asked for: a resource name and its fields.

A resource is named by its plural in snake_case (``invoices``, ``line_items``);
its module, class and constant names follow from the singular ``inflect``
finds. A field is ``name:type`` with a type of :data:`FIELD_TYPES` or
``enum[a,b,c]``.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from functools import cache

import inflect

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
FIELD_TYPES = ("str", "int", "float", "bool", "datetime")
"""The scalar types of ``--field name:type``; ``enum[a,b]`` is the other one."""
_ENUM = re.compile(r"^enum\[(?P<values>[^\]]*)\]$")
_ENUM_VALUE = re.compile(r"^[a-z][a-z0-9_-]*$")
RESERVED_RESOURCES = frozenset(
    {"auth", "health", "users", "orders", "resources", "login_failures", "tokens"}
)
"""Names the service already uses for its own modules, routes or collections."""
RESERVED_FIELDS = frozenset(
    {"id", "user_id", "created_at", "copy", "dict", "json", "schema", "validate"}
)
"""Fields every resource has, and names a pydantic model keeps for itself."""


class ResourceSpecError(ValueError):
    """A resource name or field the command refuses (one clear line)."""


@cache
def _english() -> inflect.engine:
    return inflect.engine()


@dataclass(frozen=True)
class ResourceNames:
    """Every spelling of one resource's name, e.g. for ``line_items``."""

    plural: str
    """``line_items``: modules of the router and tests, the URL segment's words."""
    singular: str
    """``line_item``: modules of the model, schemas and service."""

    @property
    def class_name(self) -> str:
        """``LineItem``: prefix of the document and schema classes."""
        return "".join(word.capitalize() for word in self.singular.split("_"))

    @property
    def kebab(self) -> str:
        """``line-items``: the URL segment and the collection's name."""
        return self.plural.replace("_", "-")

    def with_article(self) -> str:
        """``a line item``, ``an invoice``: the singular in prose."""
        return str(_english().a(self.singular.replace("_", " ")))


def _singular(plural: str) -> str:
    last = plural.rsplit("_", 1)[-1]
    singular = _english().singular_noun(last)
    if singular is False or singular == last:
        raise ResourceSpecError(
            f"resource name {plural!r} is not a plural noun; name the collection, "
            "e.g. invoices"
        )
    return plural[: len(plural) - len(last)] + str(singular)


def resource_names(name: str) -> ResourceNames:
    """The names of the resource ``name`` (raises on a name the service can't use)."""
    if not SNAKE_CASE.match(name):
        raise ResourceSpecError(
            f"resource name {name!r} is not snake_case: lowercase letters, digits "
            "and single underscores, starting with a letter (e.g. invoices)"
        )
    if name in RESERVED_RESOURCES:
        raise ResourceSpecError(f"resource name {name!r} is reserved by the service")
    singular = _singular(name)
    for word in (name, singular):
        if keyword.iskeyword(word) or keyword.issoftkeyword(word):
            raise ResourceSpecError(f"resource name {name!r}: {word!r} is a keyword")
    return ResourceNames(plural=name, singular=singular)


@dataclass(frozen=True)
class FieldSpec:
    """One ``--field name:type``: ``kind`` is a :data:`FIELD_TYPES` or ``enum``."""

    name: str
    kind: str
    choices: tuple[str, ...] = ()


def parse_field(spec: str) -> FieldSpec:
    """``amount_cents:int`` or ``status:enum[draft,sent,paid]`` as a field."""
    name, colon, kind = spec.partition(":")
    kind = kind.strip()
    if not colon or not kind:
        raise ResourceSpecError(
            f"--field {spec!r} is not name:type (types: {', '.join(FIELD_TYPES)}, "
            "enum[a,b])"
        )
    if not SNAKE_CASE.match(name) or keyword.iskeyword(name):
        raise ResourceSpecError(f"--field {spec!r}: {name!r} is not a snake_case name")
    if name in RESERVED_FIELDS or name.startswith("model_"):
        raise ResourceSpecError(f"--field {spec!r}: {name!r} is reserved")
    if kind in FIELD_TYPES:
        return FieldSpec(name, kind)
    enum = _ENUM.match(kind)
    if enum is None:
        raise ResourceSpecError(
            f"--field {spec!r}: unknown type {kind!r} "
            f"(types: {', '.join(FIELD_TYPES)}, enum[a,b])"
        )
    choices = tuple(value.strip() for value in enum["values"].split(","))
    bad = [value for value in choices if not _ENUM_VALUE.match(value)]
    if bad or len(set(choices)) != len(choices) or len(choices) < 2:
        raise ResourceSpecError(
            f"--field {spec!r}: an enum needs two or more distinct lowercase values, "
            "e.g. enum[draft,sent,paid]"
        )
    return FieldSpec(name, "enum", choices)


def parse_fields(specs: list[str]) -> list[FieldSpec]:
    """Every ``--field`` in order; at least one, each name once."""
    if not specs:
        raise ResourceSpecError("give the resource at least one --field name:type")
    fields = [parse_field(spec) for spec in specs]
    names = [field.name for field in fields]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ResourceSpecError(f"--field {repeated[0]!r} is given twice")
    return fields
