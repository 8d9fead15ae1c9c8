#!/usr/bin/env python3
"""Checks that every import in src/ points down the layers (ARCHITECTURE.md, src/lib.rs).

Reads each module's `use crate::…`, `use super::…` and inline `crate::…` paths (comments,
strings and the test module at a file's end left out) and fails, naming file and path, when
  1. a module imports a module of a higher layer,
  2. a reading capability imports a writing one,
  3. files import each other, directly or round a longer loop.
Usage: scripts/check-layers.py [--graph]   (--graph also prints the edges between folders)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src"

# Top-level module → layer (lower imports nothing higher).
LAYERS = {
    "domain": 0, "language": 0, "error": 0, "ui": 0,  # foundation
    "runtime": 1,
    "plan": 2, "history": 2, "charts": 2, "reports": 2, "legal": 2, "indicators": 2,  # capabilities
    "accounts": 2, "editing": 2, "catalogue": 2,
    "shell": 3,
    "server": 4,  # wiring
}
LAYER_NAMES = ["foundation", "runtime", "capability", "shell", "wiring"]
READING = {"plan", "history", "charts", "reports", "legal", "indicators"}
WRITING = {"editing", "catalogue", "accounts"}


def module_of(path: Path) -> tuple[str, ...]:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] in ("mod", "lib"):
        parts = parts[:-1]
    return tuple(parts)


def strip(source: str) -> str:
    """Code without comments, string contents and the trailing `#[cfg(test)] mod …`."""
    test = re.search(r"^#\[cfg\(test\)\]\s*\n\s*mod \w+ \{", source, re.M)
    if test:
        source = source[: test.start()]
    source = re.sub(r"/\*.*?\*/", " ", source, flags=re.S)
    source = re.sub(r"//[^\n]*", " ", source)
    source = re.sub(r'r#*"(?:.|\n)*?"#*|"(?:\\.|[^"\\])*"', '""', source)
    return source


def use_paths(tree: str) -> list[str]:
    """Expands a use tree (`a::{b, c::{d, e}}`) into its paths."""
    tree = tree.strip()
    match = re.match(r"^([\w:]*?)(?:::)?\{(.*)\}$", tree, re.S)
    if not match:
        return [re.sub(r"\s+as\s+\w+$", "", tree)]
    prefix, inner = match.group(1), match.group(2)
    items, depth, current = [], 0, ""
    for char in inner:
        if char == "," and depth == 0:
            items.append(current)
            current = ""
            continue
        depth += char == "{"
        depth -= char == "}"
        current += char
    items.append(current)
    paths = []
    for item in filter(str.strip, items):
        for path in use_paths(item):
            if path == "self":
                paths.append(prefix)
            else:
                paths.append(f"{prefix}::{path}" if prefix else path)
    return paths


def absolute(path: str, here: tuple[str, ...]) -> tuple[str, ...] | None:
    """The module path `path` names from module `here`."""
    parts = [p for p in path.split("::") if p]
    if not parts:
        return None
    if parts[0] == "crate":
        return tuple(parts[1:])
    if parts[0] == "self":
        return here + tuple(parts[1:])
    if parts[0] != "super":
        return None
    # `super` of a file `a/b.rs` (module a::b) is `a`; of `a/b/mod.rs` (also a::b) too.
    base = list(here[:-1])
    parts.pop(0)
    while parts and parts[0] == "super":
        parts.pop(0)
        base = base[:-1]
    return tuple(base + parts)


def main() -> int:
    files = {module_of(p): p for p in ROOT.rglob("*.rs") if p.name != "main.rs"}
    modules = set(files)

    def resolve(path: tuple[str, ...]) -> tuple[str, ...] | None:
        for end in range(len(path), 0, -1):
            if path[:end] in modules:
                return path[:end]
        return None

    # Modules compiled only for tests are left out, as are their imports.
    test_only = set()
    for module, path in files.items():
        for name in re.findall(r"#\[cfg\(test\)\]\s*\n\s*(?:pub\s+)?mod (\w+);", path.read_text()):
            test_only.add(module + (name,))

    edges: dict[tuple[str, ...], dict[tuple[str, ...], str]] = {}
    for module, path in files.items():
        if module in test_only or not module:
            continue
        code = strip(path.read_text())
        found: dict[tuple[str, ...], str] = {}
        written = [p for tree in re.findall(r"\buse\s+((?:crate|super|self)\b[^;]*);", code) for p in use_paths(tree)]
        written += re.findall(r"\b(?:crate|super(?:::super)*)(?:::\w+)+", code)
        for text in written:
            target = absolute(text, module)
            target = resolve(target) if target else None
            if target and target != module and target not in test_only:
                found.setdefault(target, text)
        edges[module] = found

    def name(module):
        return "::".join(module) or "lib"

    problems = []
    for module, targets in sorted(edges.items()):
        top = module[0]
        for target, text in sorted(targets.items()):
            other = target[0]
            if other not in LAYERS or top not in LAYERS:
                problems.append(f"{files[module]}: `{text}`: module `{other if other not in LAYERS else top}` is in no layer (add it to LAYERS)")
                continue
            if LAYERS[other] > LAYERS[top]:
                problems.append(
                    f"{files[module].relative_to(ROOT.parent)}: `{text}`: {LAYER_NAMES[LAYERS[top]]} `{top}` "
                    f"imports {LAYER_NAMES[LAYERS[other]]} `{other}` (a higher layer)"
                )
            if top in READING and other in WRITING:
                problems.append(
                    f"{files[module].relative_to(ROOT.parent)}: `{text}`: reading `{top}` imports writing `{other}`"
                )

    # Loops between files (Tarjan's strongly connected components).
    index, low, stack, on_stack, loops, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                loops.append(component)

    sys.setrecursionlimit(10_000)
    for node in edges:
        if node not in index:
            visit(node)
    for loop in loops:
        problems.append("files import each other: " + ", ".join(sorted(name(m) for m in loop)))

    if "--graph" in sys.argv:
        folders = {}
        for module, targets in edges.items():
            for target in targets:
                if target[0] != module[0]:
                    folders.setdefault(module[0], set()).add(target[0])
        for folder in sorted(folders, key=lambda f: (LAYERS.get(f, 9), f)):
            print(f"{folder} -> {', '.join(sorted(folders[folder]))}")

    for problem in problems:
        print(problem, file=sys.stderr)
    count = sum(len(t) for t in edges.values())
    if problems:
        print(f"check-layers: {len(problems)} problem(s) in {count} imports", file=sys.stderr)
        return 1
    print(f"check-layers: {len(edges)} modules, {count} imports, all pointing down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
