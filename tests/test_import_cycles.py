"""No import cycle among the app's modules, counting imports inside functions.

An import written inside a function to dodge a cycle is still a cycle: the two modules
depend on each other and cannot be read, tested or moved apart. The graph below has an
edge for every ``import left_behind_care…`` / ``from left_behind_care… import …`` in a
module, at any depth; test modules are left out (they may import anything).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "left_behind_care"


def module_name(path: Path) -> str:
	name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
	return name.removesuffix(".__init__")


def app_modules() -> dict[str, Path]:
	modules = {}
	for path in PACKAGE.rglob("*.py"):
		parts = path.relative_to(PACKAGE).parts
		if "tests" in parts or path.name.startswith("test_") or "patches" in parts:
			continue
		modules[module_name(path)] = path
	return modules


def import_graph() -> dict[str, set[str]]:
	"""{module: the app's modules it imports}, from every import statement in it."""
	modules = app_modules()
	graph: dict[str, set[str]] = {name: set() for name in modules}
	for name, path in modules.items():
		for node in ast.walk(ast.parse(path.read_text("utf-8"))):
			targets = []
			if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
				targets = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
				# "from package import submodule" names the submodule; otherwise the module
				targets = [t for t in targets[:-1] if t in modules] or [node.module]
			elif isinstance(node, ast.Import):
				targets = [alias.name for alias in node.names]
			for target in targets:
				if target in modules and target != name:
					graph[name].add(target)
	return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
	"""The strongly connected groups of more than one module (Tarjan's algorithm)."""
	index: dict[str, int] = {}
	low: dict[str, int] = {}
	stack: list[str] = []
	on_stack: set[str] = set()
	found: list[list[str]] = []
	counter = [0]

	def visit(node: str) -> None:
		index[node] = low[node] = counter[0]
		counter[0] += 1
		stack.append(node)
		on_stack.add(node)
		for nxt in graph[node]:
			if nxt not in index:
				visit(nxt)
				low[node] = min(low[node], low[nxt])
			elif nxt in on_stack:
				low[node] = min(low[node], index[nxt])
		if low[node] == index[node]:
			group = []
			while True:
				member = stack.pop()
				on_stack.discard(member)
				group.append(member)
				if member == node:
					break
			if len(group) > 1:
				found.append(sorted(group))

	for node in sorted(graph):
		if node not in index:
			visit(node)
	return found


def test_the_graph_sees_the_app():
	graph = import_graph()
	assert "left_behind_care.permissions" in graph
	assert "left_behind_care.compat" in graph["left_behind_care.permissions"]


def test_a_cycle_is_found():
	assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_among_the_apps_modules():
	assert cycles(import_graph()) == []
