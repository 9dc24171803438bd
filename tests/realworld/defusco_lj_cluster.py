# Ported from AlbertDeFusco/pyLJ, lj_numba.py (the pair loop under numba's `@jit(nopython=True, nogil=True)`: `potential(cluster)` summing `lj(distance(cluster[i], cluster[j]))` over `for i in range(len(cluster)-1): for j in range(i+1, len(cluster))`) and backup/lj_numpy.py (the vectorised energy: `cluster[:, np.newaxis, :] - cluster[np.newaxis, :, :]`, `np.nansum(potential(r2, *parameters))/2.` over the NaN diagonal, `lj(cluster, do_forces=True, *parameters)`, the author's hand-written `gradient` and forces); `make_cluster` with a smaller radius so the few atoms interact. The numba functions keep their decorator; the numpy module's functions are renamed with a `np_` prefix where the two files share a name.
import numpy as np
from numba import jit


def make_cluster(natoms, radius=20, seed=1981):
    np.random.seed(seed)
    cluster = np.random.normal(0, radius, (natoms,3))-0.5
    return cluster

@jit(nopython=True, nogil=True)
def lj(r):
    sr6 = (1./r)**3
    pot = 4.*(sr6*sr6 - sr6)
    return pot

@jit(nopython=True, nogil=True)
def distance(atom1, atom2):
    dx = atom2[0] - atom1[0]
    dy = atom2[1] - atom1[1]
    dz = atom2[2] - atom1[2]

    r = dx*dx + dy*dy + dz*dz

    return r

@jit(nopython=True, nogil=True)
def potential(cluster):
    energy = 0.0
    for i in range(len(cluster)-1):
        for j in range(i+1,len(cluster)):
            r2 = distance(cluster[i],cluster[j])
            e = lj(r2)
            energy += e

    return energy


# backup/lj_numpy.py

def np_potential(r2, epsilon=1., sigma=1.):
    sr6 = (sigma/r2)**3
    return 4.*epsilon*(sr6**2 - sr6)


def gradient(r2, epsilon=1., sigma=1.):
    sr2 = (sigma/r2)
    return -24.*epsilon*(2.*sr2**7 - sr2**4)


def distance_matrix(cluster):
    diff = cluster[:, np.newaxis, :] - cluster[np.newaxis, :, :]
    return diff


def np_lj(cluster, do_forces=True, *parameters):
    if cluster.ndim == 1:
        cluster = cluster.reshape(-1,3)

    diff = distance_matrix(cluster)
    r2 = (diff**2).sum(-1)

    energy = np.nansum(np_potential(r2,*parameters))/2.

    if do_forces:
        forces = np.nansum(gradient(r2, *parameters)[:,:,np.newaxis]*diff,axis=0)
        return energy, forces
    else:
        return energy


# test wrappers

def numba_pair_loop_energy(cluster):
    return potential(cluster)


def numpy_energy(cluster):
    return np_lj(cluster, do_forces=False)


def numpy_energy_flat(positions, epsilon, sigma):
    """the flat-vector spelling (`cluster.ndim == 1`) with the parameters through `*parameters`"""
    return np_lj(positions, False, epsilon, sigma)


def authors_forces(cluster):
    """the author's forces, as the energy's gradient: `gradient` is 2 dV/dr2, so summing
    gradient(r2) * (x_i - x_j) over i gives minus dE/dx_j"""
    energy, forces = np_lj(cluster)
    return -forces


def cluster():
    return make_cluster(5, radius=0.8, seed=1981)


CASES = [
    dict(name="numba_pair_loop", function=numba_pair_loop_energy, args=lambda: (cluster(),)),
    dict(name="numpy_nansum", function=numpy_energy, args=lambda: (cluster(),), reference=authors_forces),
    dict(name="numpy_flat_parameters", function=numpy_energy_flat, wrt=(0, 1, 2),
         args=lambda: (cluster().ravel(), 1.0, 1.0)),
]
