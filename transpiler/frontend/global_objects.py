"""What the compiler says of methods of objects from outside the function that it does not
follow.

A method called for its effect on values of the function: scikit-learn's ``self._unpack(packed)``
on a global estimator, writing ``self.coefs_[i] = np.reshape(packed[start:end], shape)``.

An object made in the function is followed while compiling, its attributes values of the function
(objects.py), so such a method is inlined and its writes are the function's. A global's (or a
closure's) object is not: the generated code reads its attributes when it runs and never writes
them, in any sweep. Python would leave the object holding what the method stored (arrays computed
from the differentiated arguments, even views of the caller's array), which the derivative's code
would have to write back after each call and then read back with their derivatives, whatever
other code reads them between calls; so the call is refused, located, with the attribute it
writes and what to write instead (docs/syntax.md).

A method of an object read from a global container by subscripts (pyglmnet's
``MODELS['binomial'][0]._L2loss(...)``): the object is a value read when the code runs, so its
method is a call that simply runs, refused where a differentiated value flows through it. The
refusal names the object and how it was reached (:func:`subscripted_method`), and says what
makes the method inlined: the object bound to a global name, or passed as an argument."""
from __future__ import annotations

import ast
import inspect

from ..errors import TranspileError
from .source import MISSING, parse_function
from .values import is_user_object, walk_scope


def refuse_method_writing_its_object(lowering, call: ast.Call, callee) -> None:
    """Refuse ``call`` of ``callee``, a bound method of an object from outside the function
    whose source writes to its attributes, given values of the function; nothing otherwise
    (the caller refuses it in general terms)."""
    if not (inspect.ismethod(callee) and is_user_object(callee.__self__)):
        return
    written = _attribute_write(callee.__func__)
    if written is None:
        return
    cls = type(callee.__self__).__name__
    lowering._unsupported(call, f"calling `{ast.unparse(call.func)}`, a method of a `{cls}` object from outside the "
                          f"function (a global's or a closure's) that writes into its attributes (`{written}`), "
                          "with values of the function", _instead(cls))


def writing_method_refusal(callee) -> tuple[str, str] | None:
    """(Why, what to write instead) for ``callee``, a method of a user object from outside the
    function, or such an object called (its ``__call__``), whose source writes into its
    attributes: it is not inlined but simply runs (frontend/values.py ``writes_attributes``), so a
    differentiated argument has no derivative through it. None for anything else."""
    if inspect.ismethod(callee) and is_user_object(callee.__self__):
        obj, method = callee.__self__, callee.__func__
    elif not isinstance(callee, type) and inspect.isfunction(getattr(type(callee), "__call__", None)):
        obj, method = callee, type(callee).__call__     # (is_user_object is False for such an object)
    else:
        return None
    written = _attribute_write(method)
    if written is None:
        return None
    cls = type(obj).__name__
    return (f"`{cls}.{method.__name__}` writes into the attributes of its object, a global's or a closure's "
            f"(`{written}`): the compiler does not follow such a method but runs it as Python does, so no "
            "derivative passes through it"), _instead(cls)


def _instead(cls: str) -> str:
    return ("the derivative's code reads such an object's attributes when it runs and never writes them, so "
            "the object would not hold what Python leaves in it: make the object inside the differentiated "
            f"function (`model = {cls}(...)`: its attributes are then followed while compiling, writes "
            "included), or have the method return the new values and assign them to names of the function")


def subscripted_method(lowering, func: ast.Attribute) -> tuple[str, str] | None:
    """For ``G['binomial'][0]._L2loss`` (``func``), a method of a user object held by a global's or
    closure's dict, list or tuple at constant keys: (what the call is, for the message; what to
    write instead). None for anything else."""
    keys, node = [], func.value
    while isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
            and type(node.slice.value) in (str, int):
        keys.append(node.slice.value)
        node = node.value
    if not keys or not isinstance(node, (ast.Name, ast.Attribute)) \
            or isinstance(node, ast.Name) and node.id in lowering.env:
        return None
    obj = lowering._resolve(node)           # (a global's or closure's container, or a module's: gl.MODELS)
    for key in reversed(keys):
        try:
            obj = obj[key] if type(obj) in (dict, list, tuple) else MISSING
        except (KeyError, IndexError):
            return None
    if obj is MISSING or not is_user_object(obj) or not inspect.isfunction(getattr(type(obj), func.attr, None)):
        return None
    held, cls = ast.unparse(func.value), type(obj).__name__
    what = (f"the method `{cls}.{func.attr}` of `{held}`: an object read from `{ast.unparse(node)}` by subscripts "
            "when the code runs, a value the compiler does not follow, so its method is a call that simply runs")
    instead = (f"bind the object to a name outside the function (`model = {held}` at module level, then "
               f"`model.{func.attr}(...)`) or pass it as an argument: the method is then inlined, the object's "
               "attributes read at every call")
    return what, instead


def _attribute_write(method) -> str | None:
    """The first statement of ``method`` assigning to an attribute of its ``self`` (or to an
    item or slice of one): ``self.coefs_[i] = ...``; None if it has none (or no source)."""
    try:
        tree = parse_function(method).tree
    except TranspileError:
        return None
    if not tree.args.args:
        return None
    self_name = tree.args.args[0].arg
    for node in walk_scope(tree.body):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            root = target
            while isinstance(root, (ast.Subscript, ast.Attribute)) and not (
                    isinstance(root, ast.Attribute) and isinstance(root.value, ast.Name)):
                root = root.value
            if isinstance(root, ast.Attribute) and isinstance(root.value, ast.Name) and root.value.id == self_name:
                return f"{ast.unparse(target)} = ..."
    return None
