"""Other spellings of N12, N15, N17 and N19 (a helper, a closure or global constant, a list of
parameters, float32) against the suite's hand-written gradient: transpiler ÷ hand, process CPU
time, the fastest of 30 batches of 20 calls, the two alternated twice (issue 17: a speed that
holds for one spelling is a special case). Each gradient is checked against the hand-written one
first. Prints Markdown rows.

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=$PWD python tests/benchmarks/natural_spellings.py [N12 ...]

(arguments: run only the cases whose title contains one of them).
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import natural2  # noqa: E402
import transpiler  # noqa: E402

EPS = 4.0


def differences(a):
    return a[:, None] - a[None]


def lj_helper(x):
    d = differences(x)
    r2 = (d ** 2).sum(-1) + np.eye(len(x))
    inv6 = 1 / r2 ** 3
    return 0.5 * np.sum(EPS * (inv6 ** 2 - inv6) * (1 - np.eye(len(x))))


def make_lj(eps):
    def lj_closure(x):
        n = x.shape[0]
        d = x[:, None, :] - x[None, :, :]
        r2 = np.sum(d * d, axis=2) + np.eye(n)
        s6 = r2 ** -3
        return 0.5 * np.sum(eps * (s6 * s6 - s6) * (1 - np.eye(n)))
    return lj_closure


def mahalanobis(cov, diff):
    return np.sum(diff * np.linalg.solve(cov, diff.T).T)


def gauss_helper(L, mu, X):
    cov = L @ L.T + 1e-3 * np.eye(X.shape[1])
    return 0.5 * (len(X) * np.linalg.slogdet(cov)[1] + mahalanobis(cov, X - mu) + X.size * np.log(2 * np.pi))


def gauss_columns(L, mu, X):
    cov = L @ L.T + 1e-3 * np.eye(X.shape[1])
    diff = (X - mu).T
    alpha = np.linalg.solve(cov, diff)
    return 0.5 * (X.shape[0] * np.linalg.slogdet(cov)[1] + np.sum(alpha * diff) + X.size * np.log(2 * np.pi))


def sig(a):
    return 1 / (1 + np.exp(-a))


def gru_list(params, xs, target):
    Wx, Wh, b = params
    h = np.zeros((xs.shape[1], Wh.shape[0]))
    for x in xs:
        g = np.split(x @ Wx + b, 3, axis=-1)
        hg = np.split(h @ Wh, 3, axis=-1)
        r, z = sig(g[0] + hg[0]), sig(g[1] + hg[1])
        h = (1 - z) * np.tanh(g[2] + r * hg[2]) + z * h
    return np.sum((h - target) ** 2)


def softplus(z):
    return np.logaddexp(0, z)


def logreg_helper(w, X, y, lam):
    return softplus(-y * X.dot(w)).mean() + lam * w @ w


def make_logreg(lam):
    def logreg_closure(w, X, y):
        return np.mean(np.logaddexp(0.0, -(y * (X @ w)))) + lam * np.sum(w ** 2)
    return logreg_closure


def logreg_log1p(w, X, y, lam):
    return np.mean(np.log1p(np.exp(-y * (X @ w)))) + lam * np.dot(w, w)


def logreg_log_sigmoid(w, X, y, lam):
    return -np.mean(np.log(sig(y * (X @ w)))) + lam * np.dot(w, w)


def timed(f, args, batches=30, calls=20):
    best = float("inf")
    for _ in range(batches):
        t = time.process_time()
        for _ in range(calls):
            f(*args)
        best = min(best, (time.process_time() - t) / calls)
    return best


def main() -> None:
    rows = []
    w19, w17, w15, w12 = natural2.make("N19"), natural2.make("N17"), natural2.make("N15"), natural2.make("N12")
    x32 = w19.args[0].astype(np.float32)
    n12_32 = tuple(a.astype(np.float32) if isinstance(a, np.ndarray) else a for a in w12.args)
    cases = [("N12 a softplus helper, X.dot(w), .mean()", logreg_helper, w12.args, 0, w12.hand, w12.args),
             ("N12 closure constant penalty, logaddexp(0.0, -(...))", make_logreg(w12.args[3]), w12.args[:3], 0,
              w12.hand, w12.args),
             ("N12 float32", natural2.logreg_l2, n12_32, 0, w12.hand, n12_32),
             ("N12 as log1p(exp(-m))", logreg_log1p, w12.args, 0, w12.hand, w12.args),
             ("N12 as -log(sigmoid(m))", logreg_log_sigmoid, w12.args, 0, w12.hand, w12.args),
             ("N19 helper, (d ** 2).sum(-1), global constant", lj_helper, w19.args, 0, w19.hand, w19.args),
             ("N19 closure constant, d * d, r2 ** -3", make_lj(4.0), w19.args, 0, w19.hand, w19.args),
             ("N19 float32", natural2.lennard_jones, (x32,), 0, w19.hand, (x32,)),
             ("N17 quadratic form in a helper", gauss_helper, w17.args, (0, 1), w17.hand, w17.args),
             ("N17 samples as columns", gauss_columns, w17.args, (0, 1), w17.hand, w17.args),
             ("N15 parameters in a list, gates read by index, axis=-1", gru_list,
              ((w15.args[0], w15.args[1], w15.args[2]), w15.args[3], w15.args[4]), 0, w15.hand, w15.args)]
    only = sys.argv[1:]
    for title, f, args, wrt, hand, hand_args in cases:
        if only and not any(word in title for word in only):
            continue
        g = transpiler.grad(f, wrt=wrt)
        got, ref = g(*args), hand(*hand_args)
        got = got if isinstance(got, (tuple, list)) else (got,)
        ref = ref if isinstance(ref, tuple) else (ref,)
        for a, b in zip(got, ref):
            assert np.allclose(a, b, rtol=2e-3 if a.dtype == np.float32 else 1e-6, atol=1e-6 * np.max(np.abs(b))), title
        tg, th = [], []
        for _ in range(2):                       # alternate
            tg.append(timed(g, args))
            th.append(timed(hand, hand_args))
        rows.append(f"| {title} | {min(tg) / min(th):.2f} |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
