"""Union-find (disjoint sets) over any comparable items: the groups several stages build from
links (one entity's spellings, one event told by several sources, one quotation reworded).

The smaller item of two joined groups' roots becomes the root, so a group's root is its smallest
member whatever order the links come in: results never depend on that order.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any


class UnionFind:
    def __init__(self, items: Iterable[Hashable] = ()) -> None:
        self.parent: dict[Any, Any] = {item: item for item in items}

    def add(self, item: Hashable) -> None:
        self.parent.setdefault(item, item)

    def find(self, item: Hashable) -> Any:
        """The root of ``item``'s group (an unseen item becomes a group of its own)."""
        parent = self.parent
        while parent.setdefault(item, item) != item:
            parent[item] = parent[parent[item]]  # halve the path
            item = parent[item]
        return item

    def union(self, a: Hashable, b: Hashable) -> Any:
        """Join the groups of ``a`` and ``b``; their root (the smaller of the two roots)."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return root_a
        low, high = (root_a, root_b) if root_a < root_b else (root_b, root_a)
        self.parent[high] = low
        return low

    def __contains__(self, item: Hashable) -> bool:
        return item in self.parent

    def groups(self) -> dict[Any, list[Any]]:
        """Root -> members, members in the order they were first seen."""
        found: dict[Any, list[Any]] = {}
        for item in list(self.parent):
            found.setdefault(self.find(item), []).append(item)
        return found
