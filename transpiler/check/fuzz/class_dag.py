"""Program classes made of DAG programs checked another way (float32, a subset of ``wrt``,
the Hessian, the numba backend, large arrays), and of the primitives the DAG generator does not
use."""
from __future__ import annotations

from .class_maker import Maker, class_program, module_source
from .generator import Generator
from .program import Program, size


def float32(m: Maker, seed: int) -> Program:
    """A DAG program on float32 arrays: the gradient must be float32 when the value is."""
    program = Generator(seed, m.avoid).program()
    program.kinds = ["float32" if s else "float" for s in program.shapes]
    program.check = {"wrt": tuple(range(len(program.params))), "float32": True}
    return program


def wrt_subset(m: Maker, seed: int) -> Program:
    """A DAG program differentiated with respect to a subset of its parameters (by index or
    name)."""
    program = Generator(seed, m.avoid).program()
    count = len(program.params)
    chosen = sorted(m.rng.sample(range(count), m.rng.randint(1, max(1, count - 1))))
    wrt = tuple(chosen) if m.chance(0.5) else tuple(program.params[i] for i in chosen)
    if len(wrt) == 1 and m.chance(0.5):
        wrt = wrt[0]
    program.check = {"wrt": wrt}
    return program


def second_order(m: Maker, seed: int) -> Program:
    """A DAG program's Hessian (and a Hessian-vector product) against finite differences of its
    gradient. (Twice differentiable primitives only: see Generator's ``second_order``.)"""
    program = Generator(seed, m.avoid, second_order=True).program()
    program.check = {"wrt": tuple(range(len(program.params))), "order": 2}
    return program


def numba_backend(m: Maker, seed: int) -> Program:
    """A DAG program compiled with ``backend="numba"``, against finite differences (no idiom
    statements: numba's nopython mode compiles neither lambdas nor records)."""
    program = Generator(seed, m.avoid, idioms=False).program()
    program.check = {"wrt": tuple(range(len(program.params))), "backend": "numba", "refusable": True}
    return program


def large(m: Maker, seed: int) -> Program:
    """A DAG program on arrays of 10 to 5,000 elements (the size-dependent paths above 2,048 and
    4,096 elements), checked along random directions."""
    n = m.pick(10, 17, 100, 2049, 4097, 5000)
    shapes = [(), (n,), (n,)] if m.chance(0.7) else [(), (n,), (2, n // 2)]
    for attempt in range(8):                  # (until a parameter is large)
        program = Generator(seed + attempt * 1_000_003, m.avoid, param_shapes=shapes).program()
        if max(size(s) for s in program.shapes) >= 10:
            break
    program.seed = seed
    program.check = {"wrt": tuple(range(len(program.params)))}
    return program


def _vector_primitives(k: int) -> list[tuple[str, tuple]]:
    """(format over {0}: a (k,) vector, {1}: another, {M}: a (k, k) matrix; result shape)."""
    return [
        ("np.where({0} > {1}, {0}, {1} * 0.5)", (k,)),
        ("np.clip({0}, -0.5, 0.8)", (k,)),
        ("np.max({0})", ()), ("{0}.max()", ()), ("np.min({0})", ()), ("np.amax({M}, axis=0)", (k,)),
        ("np.prod(np.tanh({0}) + 1.5)", ()), ("np.prod(np.cos({M}) + 1.5, axis=1)", (k,)),
        ("np.cumsum({0})", (k,)), ("np.cumsum({M}, axis=1)", (k, k)),
        ("np.concatenate([{0}, {1}])[1:%d]" % (k + 1), (k,)),
        ("np.stack([{0}, {1}])", (2, k)), ("np.stack([{0}, {1}], axis=1)", (k, 2)),
        ("np.linalg.solve(np.eye(%d) * 3.0 + 0.3 * np.tanh({M}), {0})" % k, (k,)),
        ("np.linalg.inv(np.eye(%d) * 3.0 + 0.3 * np.tanh({M}))" % k, (k, k)),
        ("np.linalg.det(np.eye(%d) * 2.0 + 0.3 * np.tanh({M}))" % k, ()),
        ("np.einsum('ij,j->i', {M}, {0})", (k,)), ("np.einsum('i,i->', {0}, {1})", ()),
        ("np.einsum('ij->j', {M})", (k,)), ("np.einsum('ij,kj->ik', {M}, {M})", (k, k)),
        ("{0}[IDX]", (len(IDX_VALUES),)), ("np.sum({0}[{1} > 0.2])", ()),
        ("{0}[[0, %d, 0]]" % (k - 1), (3,)), ("{M}[IDX % 2]", (len(IDX_VALUES), k)),
        ("np.sum(np.where({M} > 0, {M}, 0.0), axis=0)", (k,)),
        ("np.roll({0}, 1)", (k,)), ("np.diff({0})", (k - 1,)), ("np.pad({0}, 1)", (k + 2,)),
        ("np.append({0}, {1})", (2 * k,)), ("np.sort({0})", (k,)), ("np.partition({0}, 1)[1]", ()),
        ("np.triu({M})", (k, k)), ("np.tril({M}, -1)", (k, k)), ("np.rot90({M})", (k, k)),
        ("np.flipud({M})", (k, k)), ("np.kron({0}, {1})", (k * k,)), ("np.tensordot({M}, {0}, axes=1)", (k,)),
        ("np.column_stack([{0}, {1}])", (k, 2)), ("np.select([{0} > 0.1], [{1}], {0})", (k,)),
        ("np.split({M}, %d)[0]" % k, (1, k)), ("np.sinc({0})", (k,)), ("np.nan_to_num({0})", (k,)),
    ]


def _numerical_primitives(k: int) -> list[tuple[str, tuple]]:
    """Issue 16's numerical functions and compositions (primitives/numerical.py, polynomials.py,
    linalg_compositions.py, nan_order_statistics.py, np.pad's copying modes, fft.py's Hermitian
    transforms), in the same format."""
    return [
        ("np.copysign({0}, {1})", (k,)), ("np.fmod({0}, 1.7)", (k,)), ("np.modf({0})[0]", (k,)),
        ("np.i0({0})", (k,)), ("np.unwrap({0})", (k,)), ("np.polymul({0}, {1})", (2 * k - 1,)),
        ("np.polyval(np.polyint({0}), 0.7)", ()), ("np.polyder({0})", (k - 1,)), ("np.nanmedian({M}, axis=0)", (k,)),
        ("np.linalg.tensorsolve(np.eye(%d) * 3.0 + 0.3 * np.tanh({M}), {0})" % k, (k,)),
        ("np.pad({0}, (1, 2), mode='reflect')", (k + 3,)), ("np.pad({M}, 1, mode='edge')", (k + 2, k + 2)),
        ("np.pad({0}, 2, 'wrap')", (k + 4,)), ("np.fft.hfft({0})", (2 * k - 2,)),
        ("np.fft.ihfft({0}).imag", (k // 2 + 1,)), ("np.vecdot({M}, {0})", (k,)),
    ]


IDX_VALUES = [0, 1, 0, 1, 1]


def primitives(m: Maker, seed: int) -> Program:
    """where / clip / max / prod / cumsum / concatenate / stack / linalg / einsum, integer-array
    and mask indexing, and the rearranging, product, selection and split rules, on expressions
    from the DAG generator."""
    k = m.pick(2, 3, 4)
    names = {"x0": (k,), "x1": (k,), "M": (k, k)}
    lines = ["def f(x0, x1, M):"]
    for i in range(m.pick(1, 2, 3)):
        fmt, shape = m.rng.choice(_vector_primitives(k) + _numerical_primitives(k))
        filled = fmt.replace("{M}", "M").format(m.expr(names, (k,), 1), m.expr(names, (k,), 1))
        lines.append(f"    p{i} = {filled}")
        lines.append(f"    s{i} = np.sum(np.sin(p{i}))" if m.chance(0.5) else f"    s{i} = np.sum(p{i} * 0.5)")
    total = " + ".join(f"s{i}" for i in range(len(lines) // 2))
    lines.append(f"    return {total} + {m.expr(names, (), 1)}")
    header = [f"IDX = np.array({IDX_VALUES!r})"]
    return class_program(seed, module_source(seed, lines, header), ["x0", "x1", "M"], ["float"] * 3,
                         [(k,), (k,), (k, k)], wrt=(0, 1, 2))
