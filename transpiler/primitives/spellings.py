"""Array methods and attributes the frontend reads as the NumPy functions they spell
(``x.sum()`` is ``np.sum(x)``, ``x.T`` is ``np.transpose(x)``)."""
import numpy as np

METHODS = {name: getattr(np, name) for name in (
    "sum", "mean", "prod", "max", "min", "var", "std", "dot", "clip", "ravel", "squeeze",
    "transpose", "reshape", "copy", "cumsum", "trace", "repeat", "swapaxes")}
METHODS.update(conj=np.conj, conjugate=np.conj)
METHODS["flatten"] = np.ravel     # same values (generated code never writes into arrays)
SHAPE_METHODS = {"reshape", "transpose"}
ATTRIBUTES = {"T": np.transpose, "shape": np.shape, "ndim": np.ndim, "size": np.size,
              "real": np.real, "imag": np.imag}
