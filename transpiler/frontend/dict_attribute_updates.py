"""``self.__dict__.update(kwds)`` in a method of an object made in the function (statsmodels'
``GenericLikelihoodModel.__init__`` stores its keyword arguments so): one attribute assignment
per key, ``self.fix_df = kwds['fix_df']``, the keys being those the call passed (a helper's
``**kwds`` is a dict whose keys are known while compiling). Also a dict display with constant
keys (``self.__dict__.update({'a': 1})``). Any other receiver (a global object: never written)
or argument is left to the ordinary lowering, which refuses it."""
from __future__ import annotations

import ast


def is_dict_update(node: ast.AST) -> bool:
    """``<obj>.__dict__.update(<one argument>)``."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"
            and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "__dict__"
            and len(node.args) == 1 and not node.keywords)


def attribute_assignments(lowering, stmt: ast.stmt) -> list[ast.stmt] | None:
    """The assignments ``self.__dict__.update(kwds)`` makes, or None where ``stmt`` is not such
    a statement on an object made in the function with known keys."""
    if not (isinstance(stmt, ast.Expr) and is_dict_update(stmt.value)):
        return None
    call = stmt.value
    receiver, argument = call.func.value.value, call.args[0]
    if lowering._local_object(receiver) is None:
        return None
    if isinstance(argument, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str)
                                              for k in argument.keys):
        pairs = [(k.value, v) for k, v in zip(argument.keys, argument.values)]
    elif isinstance(argument, ast.Name) and isinstance(keys := _keyword_dict(lowering, argument.id), dict):
        pairs = [(key, ast.Subscript(value=ast.Name(id=argument.id, ctx=ast.Load()),
                                     slice=ast.Constant(key), ctx=ast.Load())) for key in keys]
    else:
        return None
    return [ast.fix_missing_locations(ast.copy_location(ast.Assign(
        targets=[ast.Attribute(value=receiver, attr=key, ctx=ast.Store())], value=value), stmt))
        for key, value in pairs]


def _keyword_dict(lowering, name: str):
    """The keys and values of a helper's ``**name`` (signatures.py records them), or None."""
    atom = lowering.env.get(name)
    return lowering.displays.get(atom) if atom is not None else None
