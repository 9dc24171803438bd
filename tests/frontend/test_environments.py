"""The environments a branch's merge reads (frontend/environments.py): every write noted in the
log its copies share, the names a merge looks at found from it (or all, where it cannot tell),
and the values a path computes kept on top of those known before it."""
import copy as copying

from transpiler.frontend.aliasing import Stale
from transpiler.frontend.environments import Environment, Scoped, bound_since, in_order, log_mark, names_to_merge
from transpiler.ir import Const, Var


def test_every_way_of_writing_an_environment_is_noted_in_the_log_its_copies_share():
    env = Environment({"a": 1, "b": 2, "c": 3})
    start = log_mark(env)
    copy = env.copy()
    copy["d"] = 4
    del copy["a"]
    copy.pop("b")
    copy.setdefault("e", 5)
    copy.update(f=6)
    copy |= {"g": 7}
    assert isinstance(copy, Environment) and copy.log is env.log
    assert bound_since(start, copy) == {"a", "b", "d", "e", "f", "g"}
    mark = log_mark(copy)
    copy.clear()
    assert bound_since(mark, copy) == {"c", "d", "e", "f", "g"}
    assert env == {"a": 1, "b": 2, "c": 3}           # (the copy's writes are its own)
    assert isinstance(copying.copy(env), Environment) and copying.copy(env).log is env.log


def test_what_was_bound_is_not_known_for_a_plain_dict_or_an_environment_of_another_log():
    env = Environment({"a": 1})
    start = log_mark(env)
    assert bound_since(start, env.copy(), {"a": 1}) is None
    assert bound_since(start, env.copy(), Environment({"a": 1})) is None
    assert log_mark({"a": 1}) is None and bound_since(None, env) is None


def test_a_merge_looks_at_the_names_a_path_rebound_in_the_order_of_the_first_path_then_the_second():
    a, b, c, d = Var("a"), Var("b"), Var("c"), Var("d")
    before = Environment({"a": a, "b": b, "c": c})
    start = log_mark(before)
    then_env, else_env = before.copy(), before.copy()
    then_env["c"] = Var("c1")              # rebound on the first path
    then_env["a"] = a                      # written, but to the value it held: kept as it is
    else_env["d"] = d                      # bound on the second path only
    else_env["b"] = Var("b2")
    assert names_to_merge(start, before, then_env, else_env) == ["b", "c", "d"]
    # where the log cannot tell: every name of either path, in the same order
    assert names_to_merge(None, before, then_env, else_env) == ["a", "b", "c", "d"]


def test_a_merge_looks_again_at_a_soft_stale_name_a_path_wrote():
    soft = Stale("y", None, unless_number=((Var("x"), None),), value=Var("x"))
    before = Environment({"x": soft})
    start = log_mark(before)
    then_env, else_env = before.copy(), before.copy()
    then_env["x"] = soft
    assert names_to_merge(start, before, then_env, else_env) == ["x"]


def test_names_are_put_in_the_order_of_the_first_path_then_those_of_the_second_alone():
    then_env, else_env = {"p": 1, "q": 2, "r": 3}, {"r": 3, "s": 4, "p": 1}
    assert in_order(["s", "r", "p"], then_env, else_env) == ["p", "r", "s"]
    assert in_order(["s"], then_env, else_env) == ["s"]


def test_a_paths_values_are_read_over_those_known_before_it_which_it_never_changes():
    before = {("sin", "x"): Var("t1")}
    path = Scoped(before)
    path[("cos", "x")] = Var("t2")
    path[("sin", "x")] = Var("t3")
    assert path.get(("sin", "x")) == Var("t3") and path[("cos", "x")] == Var("t2")
    assert ("cos", "x") in path and ("tan", "x") not in path and path.get(("tan", "x"), Const(0)) == Const(0)
    assert before == {("sin", "x"): Var("t1")}
    assert dict(path) == {("sin", "x"): Var("t3"), ("cos", "x"): Var("t2")} == dict(path.items())
    inner = Scoped(path)
    assert inner[("cos", "x")] == Var("t2") and len(inner) == 2
