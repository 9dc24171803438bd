"""``scipy.optimize``'s solvers of a Python function (root finders, minimisers, fits) called in a
differentiated function. Where no differentiated value reaches one (its function closes over
none, its other arguments are constants: ``brentq(lambda t: t**2 - 2, 0, 2)``) it simply runs,
its result a constant (frontend/passed_functions.py). Where one does, the root finders and
minimisers in their common form are differentiated by the implicit function theorem
(``-(dF/dx)^-1 dF/dθ`` at the root or optimum, of the function passed: frontend/solver_calls.py,
solver_rules.py); any other call is refused at the call with what to write instead. Registered the first time a lookup misses while ``scipy.optimize`` is imported
(registry.py)."""
import scipy.optimize

from .registry import refused

optimize = scipy.optimize

_SOLVERS = ("brentq", "brenth", "bisect", "ridder", "toms748", "newton", "fsolve", "root", "root_scalar",
            "minimize", "minimize_scalar", "least_squares", "curve_fit", "fixed_point", "fmin", "fmin_bfgs",
            "fmin_l_bfgs_b", "leastsq", "basinhopping", "differential_evolution")

# differentiated in their common form (frontend/solver_calls.py, solver_rules.py)
_IN_THEIR_COMMON_FORM = ("brentq", "brenth", "bisect", "ridder", "toms748", "newton", "fsolve", "root", "root_scalar",
                         "minimize", "minimize_scalar", "least_squares", "curve_fit", "fixed_point")
_COMMON_FORM = ("only in its common form: the function passed a module-level `def`, or a lambda or nested `def` "
                "without defaults reading numbers and arrays of the enclosing function; `args=` a tuple display; "
                "every other option a constant (no `full_output`, `constraints`, `jac`/`fprime` function, `loss`; "
                "`bounds` in `minimize` and `least_squares` alone)")

for _name in _SOLVERS:
    if hasattr(optimize, _name):
        common = _name in _IN_THEIR_COMMON_FORM
        refused(getattr(optimize, _name),
                reason=f"scipy.optimize.{_name} finds a root or an optimum of a Python function: the derivative of "
                       "its solution is the implicit function theorem's, of that function, "
                       + (f"written {_COMMON_FORM}" if common else "which has no rule"),
                hint=("write the call in that form (docs/syntax.md), " if common else "")
                + "register a rule for your solver (transpiler.register_rule, docs/custom-rules.md) giving the "
                  "implicit derivative, or write the iteration as a loop (Newton steps over range(n)), which is "
                  "differentiated step by step",
                runs_when_inactive=True)
