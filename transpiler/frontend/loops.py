"""Lowering loops: ``for`` over ``range(...)``, sequences, ``enumerate``, ``zip`` and
``reversed``, and ``while``.

A name the body re-binds is carried: one loop variable, initialised before the loop and updated
at the end of every iteration. What an iteration does to memory (names it leaves stale, memory a
carried value may come to share) is found by lowering the body again until the top of the
iteration assumes all of it (``_LoopAssumptions``)."""
from __future__ import annotations

import ast
import dataclasses
import inspect
import types
from dataclasses import dataclass, field

from .. import primitives as rules
from ..ir import Atom, Const, Copy, Loop, Var
from ..primitives import indexing, lists
from . import aliasing
from .aliasing import Stale
from .attribute_queries import presence_key
from .combinations import expanded_iteration
from .generators import lower_generator_loop
from .jumps import EXIT_FLAG
from .source import MISSING
from .enumerate_zip import enumerate_of_zip, reversed_range
from .iteration_keywords import check_strict_lengths, counted, enumerate_start, sequence_arguments
from .objects import is_attribute_key
from .argument_lengths import MAX_LENGTH, ask_length, open_loop
from .zipped_loops import stays_run_time_loop
from .parameter_classes import read_from_known_elements
from .current_positions import current_position, current_positions
from .dict_views import iterated_view
from .operator_overloads import iterated_object
from .carried_entries import assume_entries, broken_entries, check_entries, holders_to_carry
from .carried_inner_lists import carry_inner_lists, inner_ends, learn_inner_lists
from .element_reads import carried_elements, carried_storage
from .iterators import listed, makes_an_iterator
from .shallow_copies import is_dict
from .record_values import carried_class, check_rebound_record, dataclass_as_record
from .unbound_reads import outliving_targets, placeholder
from .loop_syntax import assigned_names, loop_syntax
from .values import LocalObject, MadeInLoop, Static, has_user_receiver, item_classes, loop_depth, number_classes
from .outer_names import rebound_by_calls
from .recycled_names import restore_names
from .returned_arguments import rebound_to_itself
from .statements import new_loop


class LoopLowering:
    """``for`` and ``while`` loops; a mixin of ``_Lowering`` (frontend/lowering.py), whose state
    (environment, statement list, storage) it works on."""

    def _carry(self, node: ast.stmt, extra: list[str] = (), assumed: _LoopAssumptions | None = None
               ) -> list[tuple[str, Var]]:
        """Values a loop body re-binds get one loop variable each, initialised before the loop.
        A name stale at the top of an iteration (``assumed``) is not carried: it stays stale."""
        assumed = assumed or _LoopAssumptions()
        new_loop(self)          # (count[0] stored before the loop is not what an iteration reads: statements.py)
        for user_name, stale in assumed.stale.items():
            current = self.env.get(user_name)
            if aliasing.hard(stale):
                self.env[user_name] = stale
            elif current is not None and not aliasing.hard(current):
                self.env[user_name] = self._marked(aliasing.value_of(current), [stale, current])
        carried = []
        bound, rebound = assigned_names(self, node, lists=not self._generated)
        bound += [n for n in rebound_by_calls(self, node) if n not in bound]      # inc(): outer_names.py
        # a global's list (LOG.append(v)) is not the function's to carry: it runs for its effect
        outside = set(bound) - rebound - set(self.env)
        named = loop_syntax(self, node).stored
        outside |= {n for n in bound if n not in self.env and n not in named     # count[0] += 1 on a global's
                    and isinstance(self.parsed.lookup(n), (list, dict))}         # list: written in place too
        names = [*extra, *(n for n in bound if n not in outside), *assumed.attributes, *outliving_targets(self, node)]
        initials = {}
        for user_name in dict.fromkeys(names + holders_to_carry(self, node, names)):     # (rows of a = rows[i]: carried_entries.py)
            # a name first bound inside the loop starts unbound, so every iteration can save it
            initial = self._object_atom(self.env.get(user_name, placeholder(user_name, self.names)), node)
            if isinstance(initial, LocalObject) and (record := dataclass_as_record(self, initial, node)) is not None:
                initial = record           # p = Params(p.w - lr * g, p.b) in the loop: record_values.py
            if aliasing.hard(initial):
                continue
            if isinstance(initial, LocalObject) and rebound_to_itself(self, node, user_name):
                continue                # state = update_state(state, a): the same object (returned_arguments.py)
            if isinstance(initial, LocalObject):        # (a count known while compiling: unrolled, object_loops.py)
                ask_length(self)
                self._unsupported(node, f"rebinding `{user_name}`, which holds {initial.describe()}, inside a loop "
                                  "whose number of iterations is known only at run time (each iteration would make "
                                  "another object)", "loop over `range` of a number known while compiling or over a "
                                  f"list argument of at most {MAX_LENGTH} items (unrolled), "
                                  "or keep the values you need from the object in plain names")
            if isinstance(initial, Static):
                self._unsupported(node, f"rebinding `{user_name}`, which holds {initial.describe()}, inside a loop",
                                  "bind each function to its own name, or loop over a list of functions")
            var = Var(self.names.fresh(user_name, own=True))
            initials[user_name] = aliasing.value_of(initial)
            self.body.append(Copy(var, aliasing.value_of(initial), self.parsed.location(node)))
            self.storage[var] = self._storage(aliasing.value_of(initial)) | assumed.storage.get(user_name, frozenset())
            carried_elements(self, var, aliasing.value_of(initial), self.storage[var])   # (element_reads.py)
            self.env[user_name] = self._marked(var, [initial])
            self._merged_list(var, [aliasing.value_of(initial)])
            carry_inner_lists(self, node, user_name, var, aliasing.value_of(initial), assumed.inner)
            carried_class(self, aliasing.value_of(initial), var)
            carried.append((user_name, var))
        assume_entries(self, node, carried, initials)
        return carried

    @property
    def made_in_loops(self) -> dict:
        """Loop variables whose iteration ends holding an object it made (objects.py)."""
        return self.__dict__.setdefault("_made_in_loops", {})

    def _close_iteration(self, carried: list[tuple[str, Var]], node: ast.stmt) -> None:
        """Copy each carried value's new version into its loop variable. The copies run one after
        another, so a new value that *is* another loop variable (``a, b = b, a``) is saved first."""
        loop_vars = {var for _, var in carried}
        check_entries(self, node)       # (a = rows[i] kept so by the iteration? carried_entries.py)
        location = self.parsed.location(node)
        updates = []
        marks = {}
        for user_name, var in carried:
            source = self._object_atom(self.env.get(user_name), node)
            if aliasing.soft(source):
                marks[user_name], source = source, source.value
            if isinstance(source, LocalObject) and (record := dataclass_as_record(self, source, node)) is not None:
                source = record
            check_rebound_record(self, var, source, user_name, node)
            self._carried_callers(var, source)      # (a caller's list changed: parameter_writes.py)
            if isinstance(source, LocalObject):     # made by the iteration: not to be used after it
                self.made_in_loops[var] = MadeInLoop(user_name, location)
            if source in (None, var) or aliasing.hard(source) or isinstance(source, Static):
                continue        # (a function defined in the body is defined again by the next iteration)
            self.iteration_ends[var] = carried_storage(self, var, source)
            inner_ends(self)[var] = self.inner_lists.get(source)     # (carried_inner_lists.py)
            if source in loop_vars:
                saved = Var(self.names.temp())
                self.body.append(Copy(saved, source, location))
                self.storage[saved] = self._storage(source)
                source = saved
            updates.append(Copy(var, source, location, carry=True))
        self.body.extend(updates)
        for user_name, var in carried:
            if not aliasing.hard(self.env.get(user_name)):      # a stale one stays stale
                self.env[user_name] = self._marked(var, [marks.get(user_name)])

    def _for(self, node: ast.For) -> None:
        node = iterated_view(self, node) or node          # keys = d.keys(); for k in keys: dict_views.py
        node = iterated_object(self, node) or node        # for b in obj: obj.__iter__() (operator_overloads.py)
        if (expanded := expanded_iteration(self, node)) is not None:      # itertools: combinations.py
            if isinstance(expanded, list):          # (nested loops over indices)
                self._block(expanded)
                return
            node = expanded
        if not stays_run_time_loop(self, node) and self._static_for(node):     # over a list of functions,
            return                                # or zip of list arguments of lengths given: unrolled
        if self._for_over_named_arrays(node):
            return
        if lower_generator_loop(self, node):     # for X, y in data_iter(...): generators.py
            return
        self.iterated.append(set())
        current_positions(self).append(current_position(self, node))
        try:
            bounds, bind_target = self._iteration(node)
            range_loop = bind_target is None

            def lower_loop(assumed: _LoopAssumptions):
                if range_loop:    # `for i in range(...)`: the target is the counter itself
                    carried = self._carry(node, assumed=assumed)
                    counter = Var(self.names.fresh(node.target.id, own=True))
                    bind = lambda index: self._bind_name(node.target, index)  # noqa: E731
                else:             # any other iterable: count over its indices; the targets keep
                    targets = [n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)]
                    carried = self._carry(node, extra=targets, assumed=assumed)   # their last values
                    counter, bind = Var(self.names.fresh("_i")), bind_target

                def lower_body():
                    bind(counter)
                    self._block(node.body)
                    self._close_iteration(carried, node)

                body, end, _ = self._region(lower_body)
                return (carried, counter, body), carried, end

            (carried, counter, body), stale = self._loop_fixpoint(lower_loop, node)
        finally:
            self.iterated.pop()
            current_positions(self).pop()
            self.rows.clear()          # (a row's index is the loop's: after it, writes are refused)
        self._after_loop(carried, stale)
        if isinstance(node.target, ast.Name) and node.target.id not in self.env:
            self.env[node.target.id] = counter     # a range loop's target after the loop
        self.body.append(Loop("for", counter, bounds, [], None, [v for _, v in carried], body,
                              self._exit_flag(node, carried), self.parsed.location(node)))

    def _for_over_named_arrays(self, node: ast.For) -> bool:
        """``for dparam in [dWxh, dWhh, dby]: np.clip(dparam, -5, 5, out=dparam)`` (karpathy's
        min-char-rnn): a display of local names of arrays no two of which share memory, whose
        body writes into the loop variable. Unrolled, one copy of the body per name, and each
        name then means what its iteration wrote (as NumPy writes in place). False for any other
        loop (then a write into the loop variable is refused, as it may reach another item)."""
        names = _named_items(node)
        if names is None or not _writes_into(node.body, node.target.id):
            return False
        values = [self.env.get(n) for n in names]
        storages = [self._storage(v) if isinstance(v, Var) else frozenset() for v in values]
        if not all(storages) or sum(map(len, storages)) != len(frozenset().union(*storages)):
            return False                # a number, a stale name, or two names for one array
        flag = getattr(node, EXIT_FLAG, None)
        for name, value in zip(names, values):
            def iteration(name=name, value=value):
                self.env[node.target.id] = value
                self._block(node.body)
                final = self.env.get(node.target.id)
                if isinstance(final, Var) and final is not value and self._storage(final) == self._storage(value) \
                        and aliasing.hard(self.env.get(name)):
                    self.env[name] = final        # written in place through the loop variable
            if name != names[0] and flag is not None and flag in self.env:     # after a `break`
                self._if(self._load(ast.copy_location(ast.Name(id=flag, ctx=ast.Load()), node)),
                         lambda: None, iteration, node)
            else:
                iteration()
        return True

    def _after_loop(self, carried: list, stale: dict) -> None:
        """Names after a loop: its loop variables, stale where an iteration may leave them so."""
        self.env.update({n: self.made_in_loops.get(v, v) for n, v in carried})
        for user_name, mark in stale.items():
            current = self.env.get(user_name)
            if aliasing.hard(mark) and not aliasing.hard(current):
                self.env[user_name] = mark
            elif current is not None and not aliasing.hard(current):
                self.env[user_name] = self._marked(aliasing.value_of(current), [mark, current])

    def _loop_fixpoint(self, lower_loop, node: ast.stmt):
        """Lower a loop until what its body does to memory is what its top assumed: a name stale
        at the end of an iteration is stale at the top of the next (and after the loop), and a
        loop variable may share the memory of every value the body gives it. Returns what
        ``lower_loop`` returned, and the names stale after the loop."""
        assumed = _LoopAssumptions()
        loop_depth(self).append(node)          # (no object is appended to a list inside: object_lists.py)
        open_loop(self, node)                  # (over a list argument: argument_lengths.py)
        try:
            return self._loop_fixpoint_passes(lower_loop, node, assumed)
        finally:
            loop_depth(self).pop()

    def _loop_fixpoint_passes(self, lower_loop, node: ast.stmt, assumed):
        for _ in range(_MAX_LOOP_PASSES):
            kept, names, env, displays = {id(s) for s in self.body}, self.names.fork(), self.env.copy(), dict(self.displays)
            pending, objects, available = dict(self.pending_checks), len(self.made_objects), dict(self.available)
            entries = dict(self.dict_entries)
            broken = len(broken_entries(self, node))
            result, carried, end = lower_loop(assumed)
            grown = assumed.learn(end, carried, self.iteration_ends, self._storage) or len(broken_entries(self, node)) > broken
            grown = learn_inner_lists(self, carried, assumed.inner) or grown
            made = set(self.made_objects[objects:])
            first_set = [k for k in end if is_attribute_key(k) and k not in env and k.split(".")[0] not in made]
            attributes = self._changed_attributes(env, end, carried, made)    # a method's self.h = ...
            attributes += _written_back(env, end, carried)                      # a helper's out[i] = ...
            assumed.attributes += attributes
            grown = grown or bool(attributes)
            if not grown:
                for key in first_set:         # the loop may run zero times: hasattr is not known
                    self.env[presence_key(key)] = Stale(key, self.parsed.location(node))
                return result, dict(assumed.stale)
            # lower again from the same state, so that names and statements come out the same
            # (a run-time check inserted before an earlier statement stays: its read recurs)
            self.body[:] = [s for s in self.body if id(s) in kept or getattr(s, "prim", None) is indexing.UNSHARED]
            restore_names(self, names)          # (and forget what was known of the values undone)
            self.env, self.displays, self.pending_checks = env, displays, pending
            self.available = available          # (a value computed before the loop by the pass just undone)
            self.dict_entries.clear()           # (entries the pass just undone knew, under names that recur)
            self.dict_entries.update(entries)
            del self.made_objects[objects:]
        self._unsupported(node, "a loop whose writes through shared memory the compiler could not follow",
                          "copy arrays before writing into them (`np.copy(...)`)")

    def _iteration(self, node: ast.For):
        """``range(...)`` bounds, and for other iterables how to bind the target from an index
        (``None`` for a range: its target is the loop counter)."""
        it = node.iter
        callee = self._resolve(it.func) if isinstance(it, ast.Call) else MISSING
        if callee is range:
            if not isinstance(node.target, ast.Name) or it.keywords or not 1 <= len(it.args) <= 3:
                self._unsupported(node, "this form of `for ... in range(...)`", "use `for i in range(a, b, step)`")
            return tuple(self._expr(a) for a in it.args), None
        starred = any(isinstance(a, ast.Starred) for a in getattr(it, "args", ()))
        if not starred and (pairs := enumerate_of_zip(self, node, callee) or reversed_range(self, node, callee)):
            return pairs                                  # for i, (a, b) in enumerate(zip(xs, ys)); reversed(range(n))
        if (callee is enumerate or callee is zip) and not starred:
            seqs = [self._iterable(self._expr(a), a) for a in sequence_arguments(self, it, callee)]
            start = enumerate_start(self, it) if callee is enumerate else None
            targets = node.target.elts if isinstance(node.target, ast.Tuple) else None
            if targets is None or len(targets) != (2 if callee is enumerate else len(seqs)):
                self._unsupported(node.target, f"this target for `{callee.__name__}`", "unpack into one name per item")
            length = self._length(seqs, node)
            if callee is zip:
                check_strict_lengths(self, it, seqs)      # zip(..., strict=True)

            def bind(index: Var):
                if callee is enumerate:
                    self._bind(targets[0], counted(self, it, index, start))
                    self._bind(targets[1], element := self._index(seqs[0], index, node))
                    self._bind_row(targets[1], it.args[0], seqs[0], index, element)
                else:
                    for t, seq, seq_node in zip(targets, seqs, it.args):
                        self._bind(t, element := self._index(seq, index, node))
                        self._bind_row(t, seq_node, seq, index, element)    # coef of zip(coefs, ...): rows.py
            return (length,), bind
        if (view := self._dict_view_iterated(node)) is not None:
            return view
        if callee is reversed and len(it.args) == 1 and not it.keywords:
            seq = self._iterable(self._expr(it.args[0]), it.args[0])
            length = self._length([seq], node)
            last = self._apply(node, rules.lookup(ast.Sub), (length, Const(1)), (), None)
            def bind_reversed(index: Var):     # noqa: E306
                position = self._apply(node, rules.lookup(ast.Sub), (last, index), (), None)
                self._bind(node.target, element := self._index(seq, position, node))
                self._bind_row(node.target, it.args[0], seq, position, element)    # for p in reversed(params): rows.py
            return (length,), bind_reversed
        if isinstance(it, ast.Call) and callee is not MISSING and not any(
                callee is known for known in (list, tuple, map, filter, zip)) and not _gives_a_sequence(callee) \
                and not makes_an_iterator(callee, it):      # (itertools.accumulate(ws): listed, iterators.py)
            self._unsupported(it, f"iterating over `{ast.unparse(it)}`",
                              "iterate over range(...), a list, tuple or array, enumerate or zip")
        seq = self._iterable(self._expr(it), it)
        length = self._length([seq], node)

        def bind_item(index: Var):
            self._bind(node.target, element := self._index(seq, index, node))
            self._bind_row(node.target, it, seq, index, element)           # for row in rows: rows.py
        return (length,), bind_item

    def _iterable(self, seq: Atom, node: ast.expr) -> Atom:
        """What a ``for`` over ``seq`` reads by position: the keys of a dict the function built,
        ``seq`` itself where it is known not to be a dict (an array a NumPy function made, a
        display), else ``iterated(seq)``, which the call's argument kinds resolve
        (opt/sequences.py): ``for k in params`` over a dict parameter sees its keys."""
        if (items := listed(self, node, seq)) is not None:
            return items        # an iterator a call made (itertools.chain(a, b)): read once (iterators.py)
        entries = self.dict_entries.get(seq) if isinstance(seq, Var) else None
        if entries is not None:
            return self._new_list(self._apply(node, indexing.LIST, tuple(Const(k) for k in entries), (), None))
        if isinstance(seq, Const) and isinstance(seq.value, frozenset):
            return Const(tuple(seq.value))      # {0, 2}: its items in the order Python iterates them
        if isinstance(seq, Var) and is_dict(self, seq):     # its keys, not its values: writing
            return self._new_list(self._apply(node, lists.DICT_KEYS, (seq,), (), "_keys"))  # d[k] is fine
        storage = self._storage(seq) if isinstance(seq, Var) else frozenset()
        if not isinstance(seq, Var) or seq in self.never_none or seq in self.displays \
                or storage and storage <= self.allocated:           # (an array the function allocated)
            return seq
        # (its own name, not a temporary's: where it resolves away, the numbering is unchanged)
        iterated = self._apply(node, lists.ITERATED, (seq,), (), "_iterated")
        if seq in self.lists and isinstance(iterated, Var):     # a list: `iterated` gives that list itself,
            self.lists[iterated] = self.lists[seq] | {iterated}  # whose items a loop reads apart from it
        if seq in item_classes(self):       # (GLIST's numbers, each of one class: free_arrays.py)
            item_classes(self)[iterated] = item_classes(self)[seq]
        return read_from_known_elements(self, seq, iterated, sliced=True)

    def _length(self, seqs: list, node) -> Atom:
        lengths = [self._apply_prim(node, len, (s,)) for s in seqs]
        return lengths[0] if len(lengths) == 1 else self._apply_prim(node, min, tuple(lengths))

    def _index(self, seq: Atom, index: Var, node) -> Atom:
        if self.iterated:     # a write into the sequence while iterating over it is refused
            self.iterated[-1] |= self._storage(seq)
        prim = indexing.subscript_primitive(indexing.hole(0))
        item = read_from_known_elements(self, seq, self._apply(node, prim, (seq, index), (), None))
        if seq in item_classes(self):
            number_classes(self)[item] = item_classes(self)[seq]
        return self._read_from_list(seq, item)

    def _bind_name(self, target: ast.expr, value: Atom) -> None:
        if not isinstance(target, ast.Name):
            self._unsupported(target, "this loop target", "use a plain name")
        self.env[target.id] = value

    def _while(self, node: ast.While) -> None:
        if walrus := next((n for n in ast.walk(node.test) if isinstance(n, ast.NamedExpr)), None):
            # the name would be rebound by every test, the last time by the one that ends the loop
            self._unsupported(walrus, "the walrus operator `:=` in a `while` test",
                              "assign the value before the loop and again at the end of its body")

        def lower_loop(assumed: _LoopAssumptions):
            carried = self._carry(node, assumed=assumed)
            cond_body, cond_env, cond = self._region(lambda: self._expr(node.test))
            self._refuse_attribute_changes(cond_env, node.test)     # (a method called by the test)

            def lower_body():
                self._block(node.body)
                self._close_iteration(carried, node)

            body, end, _ = self._region(lower_body)
            return (carried, cond_body, cond, body), carried, end

        (carried, cond_body, cond, body), stale = self._loop_fixpoint(lower_loop, node)
        self._after_loop(carried, stale)
        self.body.append(Loop("while", None, (), cond_body, cond, [v for _, v in carried], body,
                              self._exit_flag(node, carried), self.parsed.location(node)))

    def _exit_flag(self, node: ast.stmt, carried) -> Atom | None:
        return dict(carried).get(getattr(node, EXIT_FLAG, None))   # None when no statement sets it (`continue`)


_MAX_LOOP_PASSES = 8


@dataclass
class _LoopAssumptions:
    """What the top of a loop iteration assumes the previous iteration left: names stale, and
    memory each carried name's new value may share."""

    stale: dict = field(default_factory=dict)      # user name -> Stale
    storage: dict = field(default_factory=dict)    # user name -> frozenset
    attributes: list = field(default_factory=list)  # local objects' attributes an iteration rebinds
    inner: dict = field(default_factory=dict)      # user name -> lists held (carried_inner_lists.py)

    def learn(self, end: dict, carried: list, ends: dict, storage_of) -> bool:
        """Add what one lowering of the body found; True if that was not assumed yet."""
        grown = False
        for user_name, atom in end.items():
            known = self.stale.get(user_name)
            if not isinstance(atom, Stale) or aliasing.hard(known):
                continue
            merged = atom if known is None else aliasing.worse(known, atom)
            if merged != known:
                self.stale[user_name] = dataclasses.replace(merged, value=None)
                grown = True
        for user_name, var in carried:
            extra = ends.get(var, frozenset()) - storage_of(var) - self.storage.get(user_name, frozenset())
            if extra and user_name not in self.stale:
                self.storage[user_name] = self.storage.get(user_name, frozenset()) | extra
                grown = True
        return grown


def _gives_a_sequence(callee) -> bool:
    """Is ``callee`` a function whose value a loop may iterate over by position: a user function
    (inlined: ``for v in pair(x)``, a tuple it returns) or a NumPy function with a rule or a
    composition (``for row in np.split(x, 3)``, ``for a in np.unstack(x)``)? (``zip(*pairs)``
    is a list of tuples: handled before.)"""
    if rules.lookup(callee) is not None or rules.composition(callee) is not None:
        return True
    if isinstance(callee, types.MethodType) and has_user_receiver(callee):
        callee = callee.__func__         # (`for d, a in self.cashflows()` of a global object: inlined)
    return (isinstance(callee, types.FunctionType) and not rules.registry.from_a_library(callee)
            and not inspect.isgeneratorfunction(callee))          # (a generator: generators.py)


def _written_back(before: dict, end: dict, carried: list) -> list[str]:
    """Names bound before a loop that one iteration changes without binding them: a helper the
    body calls wrote into the array they name (calls.py ``_written_back``). The loop carries them
    too, as it carries what the body binds."""
    names = {n for n, _ in carried}
    return [k for k, v in end.items()
            if k in before and k not in names and not is_attribute_key(k) and not aliasing.hard(v)
            and not aliasing.hard(before[k]) and isinstance(aliasing.value_of(v), Var)
            and aliasing.value_of(v) != aliasing.value_of(before[k])]


def _named_items(node: ast.For) -> list[str] | None:
    """The names of ``for v in [a, b, c]`` (a list or tuple display of distinct plain names,
    the target a plain name), or None."""
    it = node.iter
    if not (isinstance(it, (ast.List, ast.Tuple)) and isinstance(node.target, ast.Name) and it.elts
            and all(isinstance(e, ast.Name) for e in it.elts) and not node.orelse):
        return None
    names = [e.id for e in it.elts]
    return names if len(set(names)) == len(names) and node.target.id not in names else None


def _writes_into(body: list[ast.stmt], name: str) -> bool:
    """Does ``body`` write into the array ``name`` (``name[...] = v``, ``name[...] += v``, ``out=name``)?"""
    for stmt in body:
        for node in ast.walk(stmt):
            written = node.value if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) \
                or isinstance(node, ast.keyword) and node.arg == "out" else None
            if isinstance(written, ast.Name) and written.id == name:
                return True
    return False
