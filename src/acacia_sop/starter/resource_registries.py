"""The lists a service keeps of its added resources, one entry per resource.

``app/api/v1/resources.py`` lists the routers (``app.api.v1.router``
includes them behind the bearer token) and ``app/services/resources.py``
what deleting a user also deletes. Only ``acacia-sop add resource`` edits
them, and the template never does, so an upgrade merges without a conflict.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from acacia_sop.starter.resource_spec import ResourceNames, ResourceSpecError

_FUTURE = "from __future__ import annotations\n"


@dataclass(frozen=True)
class Registry:
    """One list: where it is, its name and type, and each resource's entry."""

    path: str
    name: str
    annotation: str
    package: str
    """The package the entry's module is imported from."""
    module_format: str
    """The entry's module in ``package``, e.g. ``{singular}_service``."""
    attribute_format: str
    """The entry's attribute of that module, e.g. ``delete_{plural}_of_user``."""

    def entry(self, names: ResourceNames) -> tuple[str, str]:
        """The module to import and the entry (``module.attribute``)."""
        values = {"singular": names.singular, "plural": names.plural}
        module = self.module_format.format(**values)
        return module, f"{module}.{self.attribute_format.format(**values)}"

    def _listed(self, text: str) -> tuple[ast.stmt, list[str]]:
        for node in ast.parse(text).body:
            if isinstance(node, ast.AnnAssign):
                targets: list[ast.expr] = [node.target]
            elif isinstance(node, ast.Assign):
                targets = node.targets
            else:
                continue
            if [ast.unparse(target) for target in targets] != [self.name]:
                continue
            if isinstance(node.value, ast.List):
                return node, [ast.unparse(item) for item in node.value.elts]
        raise ResourceSpecError(f"{self.path} has no {self.name} = [...] list")

    def add(self, text: str, names: ResourceNames) -> str:
        """``text`` (the registry's module) with the resource's entry in the list."""
        node, entries = self._listed(text)
        module, entry = self.entry(names)
        if entry in entries:
            raise ResourceSpecError(f"resource {names.plural!r} is already registered")
        listed = "".join(f"    {item},\n" for item in sorted([*entries, entry]))
        lines = text.splitlines(keepends=True)
        end = node.end_lineno or node.lineno
        lines[node.lineno - 1 : end] = [
            f"{self.name}: {self.annotation} = [\n{listed}]\n"
        ]
        imported = f"from {self.package} import {module}\n"
        return "".join(lines).replace(_FUTURE, _FUTURE + imported, 1)


ROUTERS = Registry(
    path="app/api/v1/resources.py",
    name="RESOURCE_ROUTERS",
    annotation="list[APIRouter]",
    package="app.api.v1.endpoints",
    module_format="{plural}",
    attribute_format="router",
)
USER_DATA = Registry(
    path="app/services/resources.py",
    name="USER_DATA_DELETERS",
    annotation="list[UserDataDeleter]",
    package="app.services",
    module_format="{singular}_service",
    attribute_format="delete_{plural}_of_user",
)
REGISTRIES = (ROUTERS, USER_DATA)
