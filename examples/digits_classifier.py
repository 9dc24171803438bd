"""Handwritten-digit classifier: the lectures' two-hidden-layer ReLU network, trained with SGD.

    python examples/digits_classifier.py            # full run (about 96 % test accuracy)
    python examples/digits_classifier.py --fast     # a few epochs, for the tests
    python examples/digits_classifier.py --out loss.png --epochs 60 --lr 0.01

The network is 64 -> 16 -> 16 -> 10 (two ReLU hidden layers of 16 units) with a softmax
cross-entropy loss on integer labels. It is trained by minibatch SGD with momentum on
scikit-learn's bundled 8x8 digits (1797 images, no download). Every gradient comes from
``transpiler.value_and_grad`` applied to the plain NumPy ``loss`` below: the parameters are a list
of ``(W, b)`` tuples and the gradient comes back with the same structure.
"""
import argparse
import sys
import time

import numpy as np

import transpiler


# --------------------------------------------------------------------------- the model
def dense(x, W, b):
    return x @ W + b


def relu(z):
    return np.maximum(z, 0.0)


def forward(params, X):
    (W1, b1), (W2, b2), (W3, b3) = params
    h1 = relu(dense(X, W1, b1))
    h2 = relu(dense(h1, W2, b2))
    return dense(h2, W3, b3)


def log_softmax(logits):
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def loss(params, X, y):
    """Mean softmax cross-entropy of integer labels ``y``."""
    logp = log_softmax(forward(params, X))
    n = X.shape[0]
    return -np.mean(logp[np.arange(n), y])


loss_and_grad = transpiler.value_and_grad(loss, wrt="params")


def init_params(sizes, rng):
    """He initialisation: a list of (W, b) tuples."""
    return [(rng.normal(0.0, np.sqrt(2.0 / m), size=(m, k)), np.zeros(k))
            for m, k in zip(sizes[:-1], sizes[1:])]


def accuracy(params, X, y):
    return float(np.mean(np.argmax(forward(params, X), axis=1) == y))


# --------------------------------------------------------------------------- data
def load_data(test_fraction, seed):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data.astype(float), digits.target, test_size=test_fraction,
        random_state=seed, stratify=digits.target)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std[std == 0] = 1.0            # a few border pixels are always 0
    return (X_train - mean) / std, (X_test - mean) / std, y_train, y_test


# --------------------------------------------------------------------------- progress bar
class ProgressBar:
    """A one-line progress bar on stderr (no tqdm needed)."""

    def __init__(self, total, width=30, stream=None):
        self.total, self.width = total, width
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.perf_counter()

    def update(self, done, message=""):
        filled = int(self.width * done / self.total)
        elapsed = time.perf_counter() - self.start
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} {elapsed:5.1f}s {message}")
        self.stream.flush()

    def close(self):
        self.stream.write("\n")
        self.stream.flush()


# --------------------------------------------------------------------------- plot
def save_loss_curve(losses, test_accuracies, path):
    """Save the per-epoch loss curve as a PNG; returns the path, or None without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: skipping the loss-curve plot "
              "(pip install matplotlib, or pip install -e '.[examples]')")
        return None
    fig, ax = plt.subplots(figsize=(6, 4))
    epochs = np.arange(1, len(losses) + 1)
    ax.plot(epochs, losses, label="training loss")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy")
    ax.set_yscale("log")
    ax2 = ax.twinx()
    ax2.plot(epochs, test_accuracies, color="tab:orange", label="test accuracy")
    ax2.set_ylabel("test accuracy")
    fig.legend(loc="center", bbox_to_anchor=(0.55, 0.55))
    ax.set_title("digits classifier (64-16-16-10, SGD with momentum)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


# --------------------------------------------------------------------------- training
def train(params, X, y, X_test, y_test, epochs, lr, momentum, batch_size, rng, progress=True):
    velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    n = X.shape[0]
    losses, test_accuracies = [], []
    bar = ProgressBar(epochs) if progress else None
    for epoch in range(epochs):
        order = rng.permutation(n)
        total = 0.0
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            value, grads = loss_and_grad(params, X[batch], y[batch])
            total += value * len(batch)
            velocity = [(momentum * vW - lr * gW, momentum * vb - lr * gb)
                        for (vW, vb), (gW, gb) in zip(velocity, grads)]
            params = [(W + vW, b + vb) for (W, b), (vW, vb) in zip(params, velocity)]
        losses.append(total / n)
        test_accuracies.append(accuracy(params, X_test, y_test))
        if bar:
            bar.update(epoch + 1, f"loss {losses[-1]:.4f} test acc {test_accuracies[-1]:.3f}")
    if bar:
        bar.close()
    return params, losses, test_accuracies


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="a short run for the tests")
    parser.add_argument("--epochs", type=int, default=None, help="default 40 (10 with --fast)")
    parser.add_argument("--lr", type=float, default=0.02)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="digits_loss.png", help="where to save the loss curve")
    parser.add_argument("--no-plot", action="store_true", help="do not save the loss curve")
    args = parser.parse_args(argv)
    epochs = args.epochs or (10 if args.fast else 40)

    X_train, X_test, y_train, y_test = load_data(test_fraction=0.25, seed=args.seed)
    rng = np.random.default_rng(args.seed)
    params = init_params([X_train.shape[1], 16, 16, 10], rng)

    start = time.perf_counter()
    initial_loss = float(loss(params, X_train, y_train))
    params, losses, test_accuracies = train(
        params, X_train, y_train, X_test, y_test, epochs=epochs, lr=args.lr,
        momentum=args.momentum, batch_size=args.batch_size, rng=rng)
    seconds = time.perf_counter() - start

    results = {
        "initial_loss": initial_loss,
        "final_loss": float(loss(params, X_train, y_train)),
        "losses": losses,
        "train_accuracy": accuracy(params, X_train, y_train),
        "test_accuracy": accuracy(params, X_test, y_test),
        "epochs": epochs,
        "seconds": seconds,
        "plot": None,
    }
    print(f"{epochs} epochs in {seconds:.1f}s: training loss {initial_loss:.3f} -> "
          f"{results['final_loss']:.4f}, train accuracy {results['train_accuracy']:.3f}, "
          f"test accuracy {results['test_accuracy']:.3f} ({len(y_test)} test images)")
    if not args.no_plot:
        results["plot"] = save_loss_curve(losses, test_accuracies, args.out)
        if results["plot"]:
            print(f"loss curve saved to {results['plot']}")
    return results


if __name__ == "__main__":
    main()
