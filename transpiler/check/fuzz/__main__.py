"""``python -m transpiler.check.fuzz``: see :func:`~.cli.main`."""
import sys

from .cli import main

if __name__ == "__main__":    # not in a worker process of --jobs, which imports this module
    sys.exit(main())
