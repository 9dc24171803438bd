"""Every peer table, in one list (the probe's test module and report.py read it)."""
from autograd_api_tables import TABLES as AUTOGRAD_API
from autograd_container_tables import TABLES as AUTOGRAD_CONTAINERS
from autograd_numpy_tables import TABLES as AUTOGRAD_NUMPY
from autograd_scipy_tables import TABLES as AUTOGRAD_SCIPY
from jax_api_tables import TABLES as JAX_API
from jax_tables import TABLES as JAX
from tangent_array_tables import TABLES as TANGENT_ARRAYS
from tangent_fence_tables import TABLES as TANGENT_FENCE
from tangent_tables import TABLES as TANGENT
from torch_tables import TABLES as TORCH

TABLES = [*AUTOGRAD_NUMPY, *AUTOGRAD_SCIPY, *AUTOGRAD_CONTAINERS, *AUTOGRAD_API, *JAX, *JAX_API, *TORCH, *TANGENT, *TANGENT_ARRAYS,
          *TANGENT_FENCE]
