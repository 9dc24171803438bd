"""``scipy.optimize``'s solvers of a Python function (root finders, minimisers, fits) called in a
differentiated function. Where no differentiated value reaches one (its function closes over
none, its other arguments are constants: ``brentq(lambda t: t**2 - 2, 0, 2)``) it simply runs,
its result a constant (frontend/passed_functions.py). Where one does, it is refused at the call
with what to write instead: the derivative of a solution is the implicit function theorem's
(``-(dF/dx)^-1 dF/dθ`` at the root or optimum), of the function passed, which no rule here
writes. Registered the first time a lookup misses while ``scipy.optimize`` is imported
(registry.py)."""
import scipy.optimize

from .registry import refused

optimize = scipy.optimize

_SOLVERS = ("brentq", "brenth", "bisect", "ridder", "toms748", "newton", "fsolve", "root", "root_scalar",
            "minimize", "minimize_scalar", "least_squares", "curve_fit", "fixed_point", "fmin", "fmin_bfgs",
            "fmin_l_bfgs_b", "leastsq", "basinhopping", "differential_evolution")

for _name in _SOLVERS:
    if hasattr(optimize, _name):
        refused(getattr(optimize, _name),
                reason=f"scipy.optimize.{_name} finds a root or an optimum of a Python function: the derivative of "
                       "its solution is the implicit function theorem's, of that function, which has no rule",
                hint="register a rule for your solver (transpiler.register_rule, docs/custom-rules.md) giving the "
                     "implicit derivative, or write the iteration as a loop (Newton steps over range(n)), which is "
                     "differentiated step by step",
                runs_when_inactive=True)
