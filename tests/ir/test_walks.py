"""The tree walks every pass relies on (ir/code.py, ir/nodes.py, frontend/values.py): they are
written for speed, so each is pinned against the standard library's walk it stands for."""
import ast
import copy
import inspect
from pathlib import Path

import transpiler
from transpiler.frontend.values import walk_scope
from transpiler.ir import If, Loop, walk
from transpiler.ir.code import Transformer, child_nodes
from transpiler.ir.nodes import Assign

_LEAVES = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
_SOURCES = [Path(transpiler.__file__).parent / name for name in ("ir/code.py", "frontend/loops.py", "opt/cleanup.py")]


def _trees():
    return [ast.parse(path.read_text()) for path in _SOURCES]


def test_child_nodes_are_the_standard_children_but_contexts_and_operators_in_source_order():
    for tree in _trees():
        for node in ast.walk(tree):
            expected = [c for c in ast.iter_child_nodes(node) if not isinstance(c, _LEAVES)]
            assert child_nodes(node) == expected


def _old_walk_scope(nodes):
    """frontend/values.py's walk before it was rewritten as a field walk."""
    pending = list(reversed(nodes))
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            args = getattr(node, "args", None)
            defaults = [*args.defaults, *(d for d in args.kw_defaults if d is not None)] if args else []
            pending.extend(reversed([*node.decorator_list, *defaults]))
            continue
        if isinstance(node, ast.Lambda):
            pending.extend(reversed([*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]))
            continue
        pending.extend(reversed(list(ast.iter_child_nodes(node))))


def test_walk_scope_yields_a_scope_in_source_order_without_entering_nested_functions():
    source = ("def f(x, k=2):\n    @deco(1)\n    def g(y=x + 1):\n        return y * z\n"
              "    h = lambda t=3: t - w\n    return g(x)[0] + h()\n")
    body = ast.parse(source).body[0].body
    seen = list(walk_scope(body))
    names = [n.id for n in seen if isinstance(n, ast.Name)]
    assert names == ["deco", "x", "h", "g", "x", "h"]     # (z and w are inside nested scopes)
    assert not any(isinstance(n, _LEAVES) for n in seen)
    for tree in _trees():
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef):
                assert list(walk_scope(fn.body)) == [n for n in _old_walk_scope(fn.body)
                                                     if not isinstance(n, _LEAVES)]


class _Doubler(ast.NodeTransformer):
    """Rewrites constants, drops ``pass``, splits ``del`` in two: every case of generic_visit."""

    def visit_Constant(self, node):
        return ast.Constant(node.value * 2) if type(node.value) is int else node

    def visit_Pass(self, node):
        return None

    def visit_Delete(self, node):
        return [node, copy.deepcopy(node)]


class _FastDoubler(Transformer, _Doubler):
    pass


def test_transformer_rewrites_like_the_standard_node_transformer():
    for tree in [*_trees(), ast.parse(inspect.getsource(test_transformer_rewrites_like_the_standard_node_transformer))]:
        expected = _Doubler().visit(copy.deepcopy(tree))
        assert ast.dump(_FastDoubler().visit(copy.deepcopy(tree))) == ast.dump(expected)


def test_ir_walk_gives_nested_statements_in_program_order_reading_each_block_when_reached():
    def stmt(name):
        return Assign(target=name, prim=None, args=())

    late = []
    inner = Loop(kind="while", target=None, range_args=(), cond_body=[stmt("c")], cond=None, carried=[], body=late)
    body = [stmt("a"), If(test=None, body=[stmt("b"), inner], orelse=[stmt("d")]), stmt("e")]
    order = []
    for s in walk(body):
        order.append(s.target if isinstance(s, Assign) else type(s).__name__)
        if s is body[0]:
            late.append(stmt("late"))           # (a block filled before the walk reaches it)
    assert order == ["a", "If", "b", "Loop", "c", "late", "d", "e"]
