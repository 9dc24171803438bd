"""The generated code does not depend on Python's string hashing: an object made on both paths
of a branch has its attributes merged in the order they were bound (frontend/object_merges.py),
not in a set's order, which ``PYTHONHASHSEED`` varies from one process to the next."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

PROGRAM = textwrap.dedent('''
    import numpy as np


    class Prior:
        def __init__(self, mean, sd):
            self._mean = mean
            self._sd = sd
            self._offset = np.log(1 / np.sqrt(2 * np.pi * sd ** 2))
            self._factor = 1 / (2 * sd ** 2)
            self._factor2 = 1 / sd ** 2

        def log_pdf(self, x):
            return self._offset - self._factor * (x - self._mean) ** 2


    def log_posterior(theta, centered=True):
        mu, tau = theta[0], theta[1]
        if centered:
            prior = Prior(mu, tau)
        else:
            prior = Prior(0.0, 1.0)
        return sum(prior.log_pdf(t) for t in theta[2:])
''')

PRINT = ("import sys, numpy as np, transpiler; sys.path.insert(0, sys.argv[1]); import merged_priors as m; "
         "print(transpiler.grad(m.log_posterior).source(args=(np.array([0.5, 1.5, 0.1, -0.3, 0.8]),)))")


def test_an_object_merged_at_a_branch_prints_the_same_code_whatever_the_hash_seed(tmp_path: Path):
    (tmp_path / "merged_priors.py").write_text(PROGRAM)
    texts = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", PRINT, str(tmp_path)], capture_output=True, text=True,
                              env=env, check=True)
        texts.add(done.stdout)
    assert len(texts) == 1
