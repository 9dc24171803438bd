"""Generator methods driving a loop (frontend/generators.py): ``for region, i, j in
self.iterate_regions(image):`` (Victor Zhou's CNN from scratch) runs the method's body in the
loop's place with ``self`` bound to the object before the dot: an object made in the function,
a global one, a parameter's; through a helper, in a branch, an outer loop and a comprehension,
with ``continue``; both modes against central differences, hessian and float32. And
``for i, (a, b) in enumerate(zip(xs, ys))`` (frontend/enumerate_zip.py), whose index read from
``ys`` once counted as differentiated in reverse mode."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes


class Windows:
    def __init__(self, size):
        self.size = size

    def regions(self, image):
        h = image.shape[0]
        for i in range(h - self.size + 1):
            yield image[i:i + self.size], i

    def pooled(self, image):
        out = np.zeros(image.shape[0] - self.size + 1)
        for region, i in self.regions(image):
            out[i] = np.max(region) + np.sum(region ** 2)
        return out

    @classmethod
    def ranged(cls, n):
        for i in range(n):
            yield i


GLOBAL_WINDOWS = Windows(2)


def made_in_the_function(x):
    return np.sum(np.sin(Windows(3).pooled(x)))


def global_object_in_a_helper(x):
    total = 0.0
    for k in range(2):
        if k == 1:
            total = total + np.sum(GLOBAL_WINDOWS.pooled(x * 0.5))
        else:
            total = total + np.sum(GLOBAL_WINDOWS.pooled(x) ** 2)
    return total


def called_from_here_with_continue(x):
    w = Windows(2)
    total = 0.0
    for region, i in w.regions(x):
        if i == 1:
            continue
        total = total + np.prod(region) * (i + 1)
    return total + sum(np.sum(r) * j for r, j in w.regions(x))


X = np.array([0.3, -0.7, 1.2, 0.5, 0.9])


@pytest.mark.parametrize("f", [made_in_the_function, global_object_in_a_helper, called_from_here_with_continue])
def test_generator_methods_in_both_modes(f):
    assert_both_modes(f, X)


def test_a_generator_method_of_a_parameter():
    def loss(x, windows):
        return np.sum(windows.pooled(x) ** 2)
    assert_both_modes(loss, X, Windows(2))
    assert_both_modes(loss, X, Windows(4))


def test_hessian_and_float32_through_a_generator_method():
    hessian = transpiler.hessian(called_from_here_with_continue)(X)
    gradient = transpiler.grad(called_from_here_with_continue)
    numeric = np.stack([(gradient(X + 1e-6 * e) - gradient(X - 1e-6 * e)) / 2e-6 for e in np.eye(5)], axis=1)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-6)
    g32 = transpiler.grad(made_in_the_function)(X.astype(np.float32))
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(made_in_the_function)(X), rtol=1e-4)


def over_a_classmethod_generator(x):
    t = 0.0
    for i in Windows.ranged(3):
        t = t + x[i]
    return t


def test_a_generator_classmethod_is_refused_located():
    with pytest.raises(UnsupportedSyntaxError, match="iterating over the generator method `Windows.ranged`") as caught:
        transpiler.grad(over_a_classmethod_generator)(X)
    assert "test_generator_methods.py" in str(caught.value)


IMAGES = np.array([[0.3, -0.7, 1.2], [0.5, 0.9, -0.2], [1.1, 0.4, 0.6]])


def labelled_loss(images, labels):
    loss = 0.0
    for i, (im, label) in enumerate(zip(images, labels)):
        loss = loss + np.log(np.sum(np.exp(im))) - im[label] * (i + 1)
    return loss


def labelled_from_one(images, labels, weights):
    loss = 0.0
    for n, (im, label, w) in enumerate(zip(images, labels, weights), start=1):
        if n == 2:
            continue
        loss = loss + w * np.sin(im)[label] * n
    return loss + sum(k * im[lab] for k, (im, lab) in enumerate(zip(images, labels)))


@pytest.mark.parametrize("labels", [[2, 0, 1], np.array([2, 0, 1]), (1, 1, 0)])
def test_enumerate_over_zip_reads_each_item_from_its_sequence(labels):
    assert_both_modes(labelled_loss, IMAGES, labels)
    assert_both_modes(labelled_from_one, IMAGES, labels, [0.5, 2.0, -1.0])


def test_enumerate_over_zip_with_respect_to_the_weights_and_hessian():
    weights = np.array([0.5, 2.0, -1.0])
    assert_both_modes(labelled_from_one, IMAGES, [2, 0, 1], weights, wrt=2)
    hessian = transpiler.hessian(labelled_loss)(IMAGES, [2, 0, 1])
    gradient = transpiler.grad(labelled_loss)
    numeric = np.stack([((gradient(IMAGES + 1e-6 * e.reshape(3, 3), [2, 0, 1])
                          - gradient(IMAGES - 1e-6 * e.reshape(3, 3), [2, 0, 1])) / 2e-6).ravel()
                        for e in np.eye(9)], axis=1)
    np.testing.assert_allclose(np.reshape(hessian, (9, 9)), numeric, rtol=1e-5, atol=1e-6)


def starred_pair(images, labels):
    loss = 0.0
    for i, (im, *rest) in enumerate(zip(images, labels)):
        loss = loss + im[rest[0]] * (i + 1)
    return loss


def test_a_starred_pair_keeps_pythons_unpacking():
    # `rest` is a list of the remaining items, as Python's `im, *rest = pair` makes it: such a
    # target is left to the general lowering, which reads the pair as one value; the label read
    # from it is an index, which carries no derivative (analysis/keys.py: reverse mode refused it)
    expected = sum(IMAGES[i][lab] * (i + 1) for i, lab in enumerate([2, 0, 1]))
    assert starred_pair(IMAGES, [2, 0, 1]) == expected
    report = transpiler.check_grad(starred_pair, IMAGES, [2, 0, 1])
    assert report.ok, report
    value, tangent = transpiler.jvp(starred_pair, (IMAGES, [2, 0, 1]), (np.ones((3, 3)), None))
    assert value == expected and tangent == 6.0
