# Written for this corpus (p10) in the style of structural-dynamics course scripts (a shear-building / 3-DOF spring-mass-damper modal analysis, then output-only identification from multichannel records): `M`, `K` assembled from storey lists in a loop, Rayleigh damping `C = alpha * M + beta * K` from a dict, the first-order state matrix `np.block([[Z, I], [-Minv @ K, -Minv @ C]])`, `lam, vecs = scipy.linalg.eig(A)` with the modes picked by `lam.imag > 0` and sorted by `np.argsort(np.abs(lam))`, natural frequencies `np.abs(lam) / (2 * np.pi)` and damping ratios `-lam.real / np.abs(lam)`, a `scipy.linalg.expm`-free free-decay simulation by `sinhm`/`coshm` of a scaled stiffness (the undamped solution `coshm(W t) x0` with `W = sqrtm(-Minv K)` written as the hyperbolic functions of an imaginary-free form), multichannel records processed along `axis=0` by `detrend` and `lfilter`, and a `khatri_rao` product of mode shapes forming the design of a cross-correlation fit. Differentiated: the natural frequencies and damping ratios with respect to the storey stiffnesses (Jacobian), a frequency-matching model-updating cost, the RMS of processed multichannel records with respect to the records, and the cross-correlation fit's residual with respect to the modal amplitudes.
import numpy as np
import scipy.linalg
from scipy.signal import detrend, lfilter

STOREYS = [{"m": 2.0, "k": 400.0}, {"m": 1.5, "k": 300.0}, {"m": 1.0, "k": 200.0}]
DAMPING = {"alpha": 0.3, "beta": 0.002}


def assemble(stiffnesses, masses=[s["m"] for s in STOREYS]):
    n = len(masses)
    M = np.diag(masses)
    K = np.zeros((n, n))
    for i, k in enumerate(stiffnesses):
        K[i, i] += k
        if i > 0:
            K[i - 1, i - 1] += k
            K[i - 1, i] -= k
            K[i, i - 1] -= k
    return M, K


def state_matrix(M, K, damping=DAMPING):
    C = damping["alpha"] * M + damping["beta"] * K
    n = M.shape[0]
    Minv = np.linalg.inv(M)
    Z, I = np.zeros((n, n)), np.eye(n)
    return np.block([[Z, I], [-Minv @ K, -Minv @ C]])


def modal_properties(stiffnesses):
    M, K = assemble(stiffnesses)
    lam, vecs = scipy.linalg.eig(state_matrix(M, K))
    lam = lam[lam.imag > 0]
    lam = lam[np.argsort(np.abs(lam))]
    freqs = np.abs(lam) / (2 * np.pi)
    zetas = -lam.real / np.abs(lam)
    return np.concatenate([freqs, 100 * zetas])


MEASURED_HZ = np.array([1.62, 4.1, 6.3])


def updating_cost(stiffnesses):
    props = modal_properties(stiffnesses)
    freqs = props[:3]
    return np.sum(((freqs - MEASURED_HZ) / MEASURED_HZ) ** 2)


def hyperbolic_response(scale, t=0.05):
    # a stable "anti-stiffness" test operator, symmetric positive, so coshm/sinhm are real
    M, K = assemble([s["k"] for s in STOREYS])
    W = scale * K / 400.0
    x0 = np.array([0.01, 0.0, -0.01])
    x = scipy.linalg.coshm(W * t) @ x0 + scipy.linalg.sinhm(W * t) @ x0
    return np.sum(x ** 2) + np.trace(scipy.linalg.tanhm(W * t))


RNG = np.random.default_rng(12)
RECORDS = np.cumsum(RNG.standard_normal((200, 3)), axis=0) * 0.01 + np.linspace(0, 1, 200)[:, None]
B_HP, A_HP = [0.95, -0.95], [1.0, -0.9]


def processed_rms(records):
    x = detrend(records, axis=0)
    x = lfilter(B_HP, A_HP, x, axis=0)
    return np.sum(np.sqrt(np.mean(x ** 2, axis=0)))


PHI = np.array([[0.33, -0.74, 0.59], [0.63, -0.28, -0.72], [0.71, 0.61, 0.36]])
RNG_CROSS = np.random.default_rng(13).standard_normal(9)


def cross_fit_residual(amplitudes):
    design = scipy.linalg.khatri_rao(PHI, PHI)       # column r: vec(phi_r phi_r^T)
    predicted = design @ amplitudes ** 2
    return np.sum((predicted - RNG_CROSS) ** 2)


CASES = [
    dict(name="modal_properties", function=modal_properties, args=lambda: (np.array([400.0, 300.0, 200.0]),), kind="jacobian"),
    dict(name="updating_cost", function=updating_cost, args=lambda: (np.array([380.0, 310.0, 190.0]),)),
    dict(name="hyperbolic_response", function=hyperbolic_response, args=lambda: (1.3,)),
    dict(name="processed_rms", function=processed_rms, args=lambda: (RECORDS.copy(),)),
    dict(name="cross_fit_residual", function=cross_fit_residual, args=lambda: (np.array([0.8, 0.5, 0.3]),)),
]
