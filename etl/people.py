"""The people registry: one place that turns ids, names, aliases and transcript labels into people."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from etl.config import PersonConfig


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass
class Registry:
    by_id: dict[str, PersonConfig] = field(default_factory=dict)
    by_name: dict[str, PersonConfig] = field(default_factory=dict)

    @classmethod
    def of(cls, people: Iterable[PersonConfig]) -> Registry:
        """Later entries win, so `people` in etl.yaml (listed after people_dir pages) can correct a page."""
        registry = cls()
        for person in people:
            registry.by_id[person.id] = person
            for name in (person.name, *person.aliases):
                registry.by_name[_key(name)] = person
        return registry

    def get(self, person_id: str | None = None, name: str | None = None) -> PersonConfig | None:
        if person_id and person_id in self.by_id:
            return self.by_id[person_id]
        if name:
            return self.by_name.get(_key(name))
        return None


def match_label(label: str, names: Iterable[str]) -> str | None:
    """The one full name in `names` that a short transcript label (`Gordon`, `Danny`) stands for."""
    key = _key(label)
    exact = [n for n in names if _key(n) == key]
    if exact:
        return exact[0]
    firsts = {n for n in names if _key(n).split(" ")[0] == key}
    return firsts.pop() if len(firsts) == 1 else None
