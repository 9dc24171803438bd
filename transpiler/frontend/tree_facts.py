"""What a function's source tree holds, found once per tree: a helper inlined at N calls (an LSTM
cell per time step, a layer per layer) is asked the same questions N times, each a walk of its
body. Source trees are never changed in place (a rewrite works on a copy: jumps.py), so the
answers hold as long as the tree lives; they are kept per tree object, weakly."""
from __future__ import annotations

import ast
import weakref

from .values import walk_scope

_KINDS: "weakref.WeakKeyDictionary[ast.AST, frozenset[type]]" = weakref.WeakKeyDictionary()
_NAMES: "weakref.WeakKeyDictionary[ast.AST, frozenset[str]]" = weakref.WeakKeyDictionary()
_REBOUND: "weakref.WeakKeyDictionary[ast.AST, frozenset[str]]" = weakref.WeakKeyDictionary()


def scope_kinds(tree: ast.FunctionDef) -> frozenset[type]:
    """The node classes in the function's own scope (``walk_scope`` of its body: a nested
    function's body is not entered)."""
    kinds = _KINDS.get(tree)
    if kinds is None:
        kinds = _KINDS[tree] = frozenset(type(node) for node in walk_scope(tree.body))
    return kinds


def name_ids(tree: ast.AST) -> frozenset[str]:
    """Every name the tree spells (``ast.walk``: nested functions' too)."""
    names = _NAMES.get(tree)
    if names is None:
        names = _NAMES[tree] = frozenset(n.id for n in ast.walk(tree) if isinstance(n, ast.Name))
    return names


def rebound_names(tree: ast.AST) -> frozenset[str]:
    """The names the function ``tree`` binds by assignment (not ``x op= v``, not ``x[i] = v``)."""
    rebound = _REBOUND.get(tree)
    if rebound is None:
        body = tree.body if isinstance(tree, (ast.FunctionDef, ast.AsyncFunctionDef)) else [tree]
        nodes = list(walk_scope(body))
        augmented = {id(n.target) for n in nodes if isinstance(n, ast.AugAssign)}
        rebound = _REBOUND[tree] = frozenset(
            n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))
            and id(n) not in augmented)
    return rebound
