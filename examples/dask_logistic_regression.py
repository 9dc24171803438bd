"""Logistic regression on a Dask array larger than one worker's memory, by gradient descent.

    python examples/dask_logistic_regression.py            # 2 worker processes of 1 GiB; X is 1.2 GB
    python examples/dask_logistic_regression.py --small    # a few seconds, for the tests (alias --fast)
    python examples/dask_logistic_regression.py --scheduler threads   # no cluster: Dask's threads

The loss is plain NumPy code, ``mean(log1p(exp(-y * (X @ w))))`` for labels y in {-1, +1}.
``transpiler.value_and_grad(loss, backend="array_api")`` turns it into generated code written
against the array API: called with Dask arrays it returns a lazy Dask scalar and a lazy Dask
gradient, which one ``compute`` per step evaluates chunk by chunk on the workers.

The data set is never in one place: X (n x d, standard normal) and the labels (the sign of
``X @ w_true`` plus noise) are generated chunk by chunk from a seed inside the task graph, so
each worker makes, uses and frees one block of rows at a time (the same blocks every step).
With the default size X is 1.2 GB, more than a worker's 1 GiB limit; the gradient's graph holds
about one chunk of X at a time (measured in tests/backends/test_dask_memory.py).

A progress bar shows each step's computation (distributed's ``progress`` on a cluster, Dask's
``ProgressBar`` on threads), and the loss curve is saved as a PNG (skipped without matplotlib).
"""
import argparse

import numpy as np

import transpiler


def loss(w, X, y):
    """Mean logistic loss of labels ``y`` in {-1, +1}."""
    z = X @ w
    return np.mean(np.log1p(np.exp(-y * z)))


loss_and_grad = transpiler.value_and_grad(loss, backend="array_api")


def make_data(n, d, rows_per_chunk, seed):
    """Lazy (X, y, w_true): X's rows and their labels are generated per chunk from ``seed``."""
    import dask.array as da

    w_true = np.random.default_rng(seed).normal(size=d) / np.sqrt(d)
    rng = da.random.default_rng(seed)
    X = rng.normal(size=(n, d), chunks=(rows_per_chunk, d))
    noise = rng.normal(scale=0.5, size=(n,), chunks=(rows_per_chunk,))
    y = da.where(X @ da.from_array(w_true) + noise > 0, 1.0, -1.0)
    return X, y, w_true


def start_cluster(workers, memory_limit):
    """A LocalCluster of worker processes and its client (the client makes it Dask's default)."""
    import distributed

    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       memory_limit=memory_limit, dashboard_address=None)
    return cluster, distributed.Client(cluster)


def compute_with_progress(lazy, client):
    """Compute the lazy values with a progress bar; NumPy values back."""
    if client is not None:
        import distributed

        futures = client.compute(list(lazy))
        distributed.progress(futures, notebook=False)
        return client.gather(futures)
    import dask
    from dask.diagnostics import ProgressBar

    with ProgressBar(minimum=0.5):
        return dask.compute(*lazy, scheduler="threads")


def fit(X, y, steps, lr, client=None):
    """Gradient descent from w = 0; returns (w, losses), losses[i] at the i-th step's w."""
    import dask.array as da

    w = np.zeros(X.shape[1])
    losses = []
    for step in range(steps):
        # the weights go in as a one-chunk Dask array: one call sees arrays of one library
        value, d_w = loss_and_grad(da.from_array(w), X, y)
        value, d_w = compute_with_progress((value, d_w), client)
        losses.append(float(value))
        w = w - lr * d_w
        print(f"step {step:3d}  loss {losses[-1]:.4f}")
    return w, losses


def save_loss_curve(losses, path):
    """Save the loss curve as a PNG; returns the path, or None without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: skipping the loss-curve plot (pip install matplotlib)")
        return None
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(range(len(losses)), losses, marker="o")
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel("mean logistic loss")
    ax.set_title("Logistic regression on a chunked Dask array")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", "--fast", action="store_true", help="a small data set, for the tests")
    parser.add_argument("--n", type=int, default=None, help="rows of X (default 1,500,000; 20,000 with --small)")
    parser.add_argument("--dim", type=int, default=None, help="columns of X (default 100; 10 with --small)")
    parser.add_argument("--chunk-rows", type=int, default=None, help="rows per chunk (default 50,000; 2,000 with --small)")
    parser.add_argument("--steps", type=int, default=None, help="gradient-descent steps (default 20; 10 with --small)")
    parser.add_argument("--lr", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scheduler", choices=("cluster", "threads"), default="cluster",
                        help="a LocalCluster of worker processes (or the one a Client already made), or threads")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="1GiB", help="per worker, for the cluster this starts")
    parser.add_argument("--out", default="dask_loss.png", help="where to save the loss curve")
    parser.add_argument("--no-plot", action="store_true")
    args = parser.parse_args(argv)
    n = args.n or (20_000 if args.small else 1_500_000)
    d = args.dim or (10 if args.small else 100)
    rows = args.chunk_rows or (2_000 if args.small else 50_000)
    steps = args.steps or (10 if args.small else 20)

    X, y, w_true = make_data(n, d, rows, args.seed)
    print(f"X: {n:,} x {d} float64 = {X.nbytes / 2**30:.2f} GiB in {X.numblocks[0]} chunks of {rows:,} rows")
    cluster = client = None
    if args.scheduler == "cluster":
        client = _existing_client()
        if client is None:
            cluster, client = start_cluster(args.workers, args.memory_limit)
    try:
        w, losses = fit(X, y, steps, args.lr, client)
    finally:
        if cluster is not None:
            client.close()
            cluster.close()
    cosine = float(w @ w_true / (np.linalg.norm(w) * np.linalg.norm(w_true)))
    print(f"loss {losses[0]:.4f} -> {losses[-1]:.4f}; cosine(w, w_true) = {cosine:.3f}")
    plot = None if args.no_plot else save_loss_curve(losses, args.out)
    if plot:
        print(f"loss curve saved to {plot}")
    return {"losses": losses, "w": w, "w_true": w_true, "cosine": cosine, "plot": plot}


def _existing_client():
    """The Client the caller already made (a test's fixture, a notebook), or None."""
    try:
        import distributed
        return distributed.get_client()
    except (ImportError, ValueError):
        return None


if __name__ == "__main__":
    main()
