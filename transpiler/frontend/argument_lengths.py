"""Loops over a list argument that make objects: micrograd's ``ypred = [n(x) for x in xs]``.

An object made in the function is known only while compiling (objects.py), so a loop whose
iterations each keep another one must be unrolled, and that needs its number of iterations. For a
loop over a list or tuple *argument* that number is the call's, as an argument's class is
(parameter_classes.py): the driver lowers such a function once per length of that argument
(``(index, LENGTH, n)`` entries of the call's classes; for a list of lists, ``n`` is the tuple of
its items' lengths, nested, so a loop over an item ``x`` of ``xs`` is unrolled too), and the call
key of its code holds every element of a list of up to ``MAX_LENGTH`` items, so code unrolled for
one length never runs for another (a list of another length compiles anew).

The length is asked for only where it is needed: a function is first lowered without it, and where
that lowering would refuse an object kept across the iterations of a loop over an argument, it
raises :class:`LengthNeeded` instead; the driver lowers it again with that argument's length
(driver/pipeline.py). Then every loop directly over that argument (``for x in xs``, a
comprehension over it, ``zip``/``enumerate`` of it, ``range(len(xs))``) is unrolled, one copy of
its body per item ``xs[k]``. A length entry of ``None`` (a longer list, or no list) lowers the
loops as before, so the refusal stands, located."""
from __future__ import annotations

import ast

from ..ir import Effect, If, Var
from ..primitives import effects
from . import aliasing
from .free_sequences import free_sequence_length
from .values import StaticSequence, loop_depth

LENGTH = "length"     # (a classes entry's marker: (parameter index, LENGTH, its length or None))
MAX_LENGTH = 64       # (api/flat.py's MAX_ELEMENTS: the call key holds each element only that far)
# A length for a lowering that is never compiled, made where no call gives one (what the function
# reads, returns and calls, for the transforms to look at): one item, and so each item, at any depth.
ONE_EACH = "one item at every depth"
# The answer to an optional ask where the call gives no length: none, as None is, but a later ask
# that must have one (a loop keeping objects) asks again, and gets what a first ask would have.
OPTIONAL_UNKNOWN = "not given, asked optionally"


class LengthNeeded(Exception):
    """Lowering needs the length of the argument at ``index`` (not a TranspileError: never shown
    to the user, and never taken by a lowering that tries another spelling on a refusal).
    ``dependencies``: what the lowering relied on until then (the driver keeps the answer while
    they hold). ``optional``: the lowering does without it (a loop it would unroll to specialise,
    zipped_loops.py), so where the call gives none the driver gives :data:`OPTIONAL_UNKNOWN`, never
    :data:`ONE_EACH`."""

    def __init__(self, index: int, dependencies, optional: bool = False):
        super().__init__(f"the length of argument {index} is needed")
        self.index = index
        self.dependencies = dependencies
        self.optional = optional


def length_entries(args) -> tuple:
    """``(index, LENGTH, n)`` for each list or tuple argument (:func:`lengths_of`)."""
    return tuple((i, LENGTH, lengths_of(a)) for i, a in enumerate(args) if type(a) in (list, tuple))


def lengths_of(seq):
    """The length of the list or tuple ``seq`` where no item is one (None beyond MAX_LENGTH), else
    the tuple of its items' (None for an item that is no list or tuple): ``[[1.0, 2.0], [3.0]]``
    gives ``(2, 1)``."""
    if len(seq) > MAX_LENGTH:
        return None
    if not any(type(item) in (list, tuple) for item in seq):
        return len(seq)
    return tuple(lengths_of(item) if type(item) in (list, tuple) else None for item in seq)


def is_length_entry(entry: tuple) -> bool:
    return len(entry) == 3 and entry[1] == LENGTH


def bind_lengths(lowering, params: list, entries) -> None:
    """Parameters whose length the call gives (None: asked, but not known while compiling)."""
    for index, _, n in entries:
        if index < len(params):
            given_lengths(lowering)[params[index]] = n


def unasked(lowering, value) -> bool:
    """Is ``value``'s length (a parameter's) still to be asked for by a lowering that needs it:
    never asked, or asked only optionally and not given (:data:`OPTIONAL_UNKNOWN`)?"""
    return given_lengths(lowering).get(value, OPTIONAL_UNKNOWN) == OPTIONAL_UNKNOWN


def given_lengths(lowering) -> dict:
    """Parameter value -> its length from the call, or None where asked for and unknown."""
    return lowering.__dict__.setdefault("_given_lengths", {})


def parameter_length(lowering, node: ast.expr) -> tuple | None:
    """(value, length) of ``node`` where it names a list argument whose length the call gives, or
    an item of one bound by an unrolled loop (:func:`item_of`)."""
    if not isinstance(node, ast.Name) or node.id not in lowering.env:
        return None
    value = aliasing.value_of(lowering.env[node.id])
    n = given_lengths(lowering).get(value) if isinstance(value, Var) else None
    if n is None or n == OPTIONAL_UNKNOWN:
        return None
    return value, n if type(n) is int else 1 if n == ONE_EACH else len(n)


def item_of(lowering, seq, k: int, node: ast.AST):
    """``seq[k]`` (assignments.py ``_item``), knowing its length where ``seq``'s items' are given."""
    item = lowering._item(seq, k, node)
    lengths = given_lengths(lowering).get(seq) if isinstance(seq, Var) else None
    if type(lengths) is tuple and lengths[k] is not None and isinstance(item, Var):
        given_lengths(lowering)[item] = lengths[k]
    elif lengths == ONE_EACH and isinstance(item, Var):
        given_lengths(lowering)[item] = ONE_EACH
    return item


def length_of_parameter(lowering, node: ast.expr) -> int | None:
    """``len(xs)`` of a list argument whose length the call gives: that length, else None."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len"
            and node.func.id not in lowering.env and len(node.args) == 1 and not node.keywords
            and lowering._resolve(node.func) is len):
        return None
    found = parameter_length(lowering, node.args[0])
    return None if found is None else found[1]


def argument_iterations(lowering, node: ast.For):
    """``for x in xs`` or ``for x in reversed(xs)`` of a list argument whose length the call
    gives: (its length, bind(k) binding the target to item k), else None."""
    it, reverse = node.iter, False
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id not in lowering.env \
            and len(it.args) == 1 and not it.keywords and lowering._resolve(it.func) is reversed:
        it, reverse = it.args[0], True
    found = parameter_length(lowering, it)
    if found is None:
        return None
    value, count = found
    return count, lambda k: lowering._bind(node.target, item_of(lowering, value, count - 1 - k if reverse else k, it))


def zipped_lengths(lowering, args: list[ast.expr]) -> list[int]:
    """The lengths known of ``zip``'s arguments where one is a list argument of a length the call
    gives (an unrolled loop must stop where Python's ``zip`` stops): of each such argument, of a
    global's list (its length a fact checked on every call), and of each other argument of the
    function, asked for (:class:`LengthNeeded`) where not yet given. Empty where none is given."""
    if not any(parameter_length(lowering, a) for a in args):
        return []
    found = []
    for a in args:
        value = aliasing.value_of(lowering.env.get(a.id)) if isinstance(a, ast.Name) else None
        if value in lowering.parameters and unasked(lowering, value):
            raise LengthNeeded(lowering.parameters_in_order.index(value), lowering.dependencies)
        given = parameter_length(lowering, a)
        n = given[1] if given is not None else free_sequence_length(lowering, a) if value is None else None
        if n is not None:
            found.append(n)
    return found


def zipped_count(lowering, call: ast.Call, seqs: list, lengths: list[int]) -> int:
    """How many times ``call`` (``zip(...)`` of ``seqs``, lowered) is unrolled: the shortest of
    the lists known while compiling and of ``lengths`` (:func:`zipped_lengths`), checked against
    the arguments known only at run time where ``lengths`` are known (:func:`_check_zipped`)."""
    count = min([len(s.items) for s in seqs if isinstance(s, StaticSequence)] + lengths)
    if lengths:
        _check_zipped(lowering, call, seqs, count)
    return count


def _check_zipped(lowering, call: ast.Call, seqs: list, count: int) -> None:
    """Where :func:`zipped_lengths` unrolled ``zip(...)`` ``count`` times: each argument whose
    length is known only at run time (an array argument, a list the function computed) must have
    that many items, or Python's zip would have stopped sooner; the generated code checks it where
    the loop starts and raises, located, rather than index past its end."""
    where = lowering.parsed.location(call)
    for arg, seq in zip(call.args, seqs):
        if not isinstance(seq, Var) or parameter_length(lowering, arg) is not None \
                or isinstance(arg, (ast.Name, ast.Attribute)) and free_sequence_length(lowering, arg) is not None:
            continue
        message = (f"{where.filename}:{where.line}:{where.col + 1}: `{ast.unparse(call)}`: "
                   f"`{ast.unparse(arg)}` has fewer than {count} items, the length of the list argument the "
                   "loop is unrolled for (zip would stop sooner): zip list arguments or global lists of "
                   "the same length")
        with lowering._holding() as hold:
            test = ast.Compare(left=ast.Call(func=ast.Name(id="len", ctx=ast.Load()), args=[hold(seq, arg)],
                                             keywords=[]), ops=[ast.Lt()], comparators=[ast.Constant(count)])
            test = lowering._as_atom(lowering._expr(ast.fix_missing_locations(ast.copy_location(test, call))), call)
        error = ast.Call(func=ast.Name(id="ValueError", ctx=ast.Load()), args=[ast.Constant(message)], keywords=[])
        lowering.body.append(If(test, [Effect(effects.raising(error), (), where)], [], where))


def iterates_given_length(lowering, it: ast.expr) -> bool:
    """Does the iterable ``it`` go over a list argument of a length the call gives (directly,
    through ``zip``/``enumerate``/``reversed``, or ``range(len(xs))``)?"""
    return any(parameter_length(lowering, n) is not None for n in _iterated(it))


def open_loop(lowering, node: ast.stmt) -> None:
    """A run-time loop ``node`` opens: which argument it iterates, if any, for :func:`ask_length`."""
    index = None
    if isinstance(node, ast.For):
        params = lowering.parameters_in_order
        for sub in _iterated(node.iter):
            value = aliasing.value_of(lowering.env.get(sub.id)) if isinstance(sub, ast.Name) else None
            if value in params and unasked(lowering, value):
                index = params.index(value)
                break
    _iterating(lowering)[id(node)] = index


def ask_length(lowering) -> None:
    """Before refusing an object kept across the iterations of a run-time loop: where such a loop
    goes over a list argument whose length was not asked for, ask for it (:class:`LengthNeeded`)."""
    for node in reversed(loop_depth(lowering)):
        index = _iterating(lowering).get(id(node))
        if index is not None:
            raise LengthNeeded(index, lowering.dependencies)


def ask_length_iterated(lowering, it: ast.expr) -> None:
    """Where ``it`` goes over a list argument whose length was not asked for (directly, through
    ``zip``/``enumerate``/``reversed``, ``range(len(xs))``), ask for it (:class:`LengthNeeded`):
    for iterations that must be unrolled, a comprehension of lambdas (function_comprehensions.py)."""
    params = lowering.parameters_in_order
    for sub in _iterated(it):
        value = aliasing.value_of(lowering.env.get(sub.id)) if isinstance(sub, ast.Name) else None
        if value in params and unasked(lowering, value):
            raise LengthNeeded(params.index(value), lowering.dependencies)


def _iterating(lowering) -> dict:
    return lowering.__dict__.setdefault("_iterating_parameters", {})


def _iterated(it: ast.expr) -> list[ast.expr]:
    """The names a loop over ``it`` goes over: ``xs`` of ``xs``, ``zip(ys, xs)``,
    ``enumerate(xs)``, ``reversed(xs)``, ``range(len(xs))``."""
    if isinstance(it, ast.Name):
        return [it]
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and not it.keywords:
        if it.func.id in ("zip", "enumerate", "reversed"):
            return [a for a in it.args if isinstance(a, ast.Name)]
        if it.func.id == "range" and len(it.args) == 1 and isinstance(length := it.args[0], ast.Call) \
                and isinstance(length.func, ast.Name) and length.func.id == "len" and len(length.args) == 1 \
                and isinstance(length.args[0], ast.Name):
            return [length.args[0]]
    return []
