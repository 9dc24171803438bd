"""Python AST helpers shared by every stage that builds or reads generated code: names as loads
and stores, atoms as expressions, the identifiers in a tree, comment statements."""
from __future__ import annotations

import ast

COMMENT = "__comment__"


# One context object for every name made here, as ``ast.parse`` shares one among the names of a
# tree: a context has no fields and nothing writes into one (the generated code makes names by
# the thousand, each a second object to allocate, and for the cycle collector to scan, otherwise).
_LOAD, _STORE = ast.Load(), ast.Store()


def load(name: str) -> ast.Name:
    return ast.Name(id=name, ctx=_LOAD)


def store(name: str) -> ast.Name:
    return ast.Name(id=name, ctx=_STORE)


def dotted(path: str) -> ast.expr:
    """``"np.linalg.solve"`` as an expression AST."""
    head, *rest = path.split(".")
    node: ast.expr = ast.Name(id=head, ctx=ast.Load())
    for attr in rest:
        node = ast.Attribute(value=node, attr=attr, ctx=ast.Load())
    return node


def canonical_path(obj) -> str:
    module = getattr(obj, "__module__", None) or ""
    name = getattr(obj, "__name__", repr(obj))
    if getattr(getattr(obj, "__objclass__", None), "__name__", "") == "ndarray":
        return f"np.ndarray.{name}"          # a method of arrays (np.ndarray.tolist)
    if module == "builtins":
        return name
    if module == "math":
        return f"math.{name}"
    if module.startswith("transpiler.primitives"):
        return name      # a runtime helper: generated modules define it under its own name
    if module.startswith("numpy"):
        # ufuncs report module "numpy"; linalg functions "numpy.linalg"
        sub = module[len("numpy"):].lstrip(".")
        sub = sub.replace("_core.", "").replace("core.", "")
        return "np." + (f"{sub}.{name}" if sub and not sub.startswith("_") else name)
    raise ValueError(f"no canonical spelling for {obj!r}")


# fields that never hold an ``ast.Name``: contexts and operators (AST nodes without fields) and
# identifiers and flags (strings, numbers)
_NO_NAMES = frozenset({"ctx", "op", "ops", "id", "attr", "arg", "name", "names", "kind", "type_comment",
                       "level", "module", "is_async", "conversion", "simple", "lineno", "col_offset",
                       "end_lineno", "end_col_offset", "type_ignores"})
class _ChildFields(dict):
    """The fields of each node class that may hold a node, worked out on first use. (A lookup,
    not ``.get(cls) or ...``: a class with none, ``ast.Name`` in :func:`all_nodes`, would be
    worked out again at every node.)"""

    def __missing__(self, cls: type) -> tuple[str, ...]:
        fields = self[cls] = tuple(f for f in cls._fields if f not in _NO_NAMES)
        return fields


_CHILD_FIELDS = _ChildFields()


def name_nodes(node) -> list[ast.Name]:
    """Every ``ast.Name`` in ``node`` (an AST node or a list of them). A plain stack walk over
    the fields that may hold one: several times faster than ``ast.walk``, and the passes ask
    this of every statement."""
    found, stack = [], list(node) if isinstance(node, list) else [node]
    pop, push = stack.pop, stack.append
    while stack:
        n = pop()
        cls = type(n)
        if cls is ast.Name:
            found.append(n)
            continue
        for name in _CHILD_FIELDS[cls]:
            value = getattr(n, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        push(item)
                    elif type(item) is list:          # a statement slot (reverse.py)
                        stack.extend(item)
            elif isinstance(value, ast.AST):
                push(value)
    return found


def loads_with_parents(node) -> list[tuple[ast.AST, ast.Name]]:
    """(parent, name) for every ``ast.Name`` read in ``node`` (an AST node or a list of them),
    in no particular order: the generated code may share one Name node between places, so a
    node does not know its parent. (The walk of :func:`name_nodes`, which finds the names
    without their parents.)"""
    found, stack = [], list(node) if isinstance(node, list) else [node]
    pop, push = stack.pop, stack.append
    while stack:
        n = pop()
        for name in _CHILD_FIELDS[type(n)]:
            value = getattr(n, name, None)
            for item in (value if type(value) is list else (value,)):
                if type(item) is ast.Name:
                    if type(item.ctx) is ast.Load:
                        found.append((n, item))
                elif isinstance(item, ast.AST):
                    push(item)
    return found


def all_nodes(node) -> list[ast.AST]:
    """Every node in ``node`` (an AST node or a list of them) but contexts and operators, in no
    particular order: what ``ast.walk`` finds, at a fraction of its cost. (The same walk as
    :func:`name_nodes`, kept separate on purpose: filtering this list would make the hottest
    function of compile time 20-40 % slower.)"""
    found, stack = [], list(node) if isinstance(node, list) else [node]
    pop, push = stack.pop, stack.append
    while stack:
        n = pop()
        found.append(n)
        for name in _CHILD_FIELDS[type(n)]:
            value = getattr(n, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        push(item)
                    elif type(item) is list:          # a statement slot (reverse.py)
                        stack.extend(item)
            elif isinstance(value, ast.AST):
                push(value)
    return found


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """The nodes directly under ``node``, in source order, but contexts and operators: what
    ``ast.iter_child_nodes`` gives at a fraction of its cost (the walks of a scope ask it of every
    node of every function lowered)."""
    children: list[ast.AST] = []
    for name in _WALKED_FIELDS.get(type(node)) or _walked_fields(type(node)):
        value = getattr(node, name, None)
        if type(value) is list:
            children += [item for item in value if isinstance(item, ast.AST)]
        elif isinstance(value, ast.AST):
            children.append(value)
    return children


_WALKED_FIELDS: dict[type, tuple[str, ...]] = {}


def _walked_fields(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` but contexts and operators."""
    fields = _WALKED_FIELDS[cls] = tuple(f for f in cls._fields if f not in ("ctx", "op", "ops"))
    return fields


class Transformer(ast.NodeTransformer):
    """``ast.NodeTransformer`` walking only the fields that may hold an expression or statement:
    contexts and operators (``ast.Load``, ``ast.Add``) are not visited, so a subclass must define
    no ``visit_`` method for one. The rules' templates are rewritten by these at every use."""

    def visit(self, node: ast.AST):
        visitor = getattr(self, "visit_" + type(node).__name__, None)
        return self.generic_visit(node) if visitor is None else visitor(node)

    def generic_visit(self, node: ast.AST) -> ast.AST:
        """What ``ast.NodeTransformer.generic_visit`` does, over :func:`child_nodes`' fields."""
        for name in _WALKED_FIELDS.get(type(node)) or _walked_fields(type(node)):
            value = getattr(node, name, None)
            if type(value) is list:
                kept: list = []
                for item in value:
                    if isinstance(item, ast.AST):
                        item = self.visit(item)
                        if item is None:
                            continue
                        if not isinstance(item, ast.AST):
                            kept.extend(item)
                            continue
                    kept.append(item)
                value[:] = kept
            elif isinstance(value, ast.AST):
                new = self.visit(value)
                if new is None:
                    delattr(node, name)
                else:
                    setattr(node, name, new)
        return node


def names(node, ctx: type | None = None) -> set[str]:
    """The identifiers in ``node``: all of them, or only those in context ``ctx`` (``ast.Load``,
    ``ast.Store``)."""
    return {n.id for n in name_nodes(node) if ctx is None or type(n.ctx) is ctx}


def read_names(node) -> set[str]:
    """The identifiers ``node`` reads."""
    return names(node, ast.Load)


def bound_names(node) -> set[str]:
    """The identifiers ``node`` binds."""
    return names(node, ast.Store)


def name_counts(node, ctx: type | None = None) -> dict[str, int]:
    """How often each identifier occurs in ``node`` (in context ``ctx``, if given)."""
    counts: dict[str, int] = {}
    for n in name_nodes(node):
        if ctx is None or type(n.ctx) is ctx:
            counts[n.id] = counts.get(n.id, 0) + 1
    return counts


def comment(text: str) -> ast.stmt:
    """A statement that prints as ``# text``."""
    return ast.Expr(value=ast.Call(func=load(COMMENT), args=[ast.Constant(text)], keywords=[]))


def is_comment(stmt: ast.stmt) -> bool:
    """Is ``stmt`` a statement made by :func:`comment`?"""
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == COMMENT)


def copy_tree(node: ast.AST) -> ast.AST:
    """A deep copy of an AST made without recursion (``copy.deepcopy`` takes several Python
    frames per level: an expression of a thousand terms, as sympy prints them, overflows the
    stack). Every attribute is kept: locations, and marks such as ``EXIT_FLAG``."""
    root = _shallow(node)
    stack = [root]
    while stack:
        clone = stack.pop()
        for field_name, value in vars(clone).items():
            if isinstance(value, ast.AST):
                child = _shallow(value)
                setattr(clone, field_name, child)
                stack.append(child)
            elif isinstance(value, list):
                items = [_shallow(v) if isinstance(v, ast.AST) else v for v in value]
                setattr(clone, field_name, items)
                stack.extend(v for v in items if isinstance(v, ast.AST))
    return root


def _shallow(node: ast.AST) -> ast.AST:
    clone = node.__class__.__new__(node.__class__)
    clone.__dict__.update(vars(node))
    return clone
