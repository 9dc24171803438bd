# Ported from tompollard/sammon, sammon.py (Tom J. Pollard's Python port of Cawley and Talbot's MATLAB Sammon mapping, 2014), verbatim: one function with its imports inside (`import numpy as np`, `from scipy.spatial.distance import cdist`) before the docstring, string options (`inputdist = 'raw'`, `init = 'default'` becoming `'pca'`), the PCA start `[UU,DD,_] = np.linalg.svd(x)`, `y = UU[:,:n]*DD[:n]`, the diagonal-Newton step `s = -g.flatten(order='F') / np.abs(H.flatten(order='F'))`, `np.dot(2,y)`, the step-halving inner loop `for j in range(maxhalves): ... if E_new < E: break else: s = 0.5*s`, `np.reshape(s, (-1,n),order='F')`, the termination test `if abs((E - E_new) / E) < tolfun: ... break`, `print` of `%`-formatted progress, `if i == maxiter-1:` after the loop, and the result `[y,E]` as a list. The objectives: the stress after a few iterations w.r.t. the data and w.r.t. a given distance matrix (`inputdist='distance'` with a random start drawn from the global stream), and the map's Jacobian.
import numpy as np


def sammon(x, n, display = 2, inputdist = 'raw', maxhalves = 20, maxiter = 500, tolfun = 1e-9, init = 'default'):

    import numpy as np 
    from scipy.spatial.distance import cdist

    """Perform Sammon mapping on dataset x

    y = sammon(x) applies the Sammon nonlinear mapping procedure on
    multivariate data x, where each row represents a pattern and each column
    represents a feature.  On completion, y contains the corresponding
    co-ordinates of each point on the map.  By default, a two-dimensional
    map is created.  Note if x contains any duplicated rows, SAMMON will
    fail (ungracefully). 

    [y,E] = sammon(x) also returns the value of the cost function in E (i.e.
    the stress of the mapping).

    File        : sammon.py
    Date        : 18 April 2014
    Authors     : Tom J. Pollard (tom.pollard.11@ucl.ac.uk)
                : Ported from MATLAB implementation by 
                  Gavin C. Cawley and Nicola L. C. Talbot

    Copyright   : (c) Dr Gavin C. Cawley, November 2007.

    This program is free software; you can redistribute it and/or modify
    it under the terms of the GNU General Public License as published by
    the Free Software Foundation; either version 2 of the License, or
    (at your option) any later version.
    """

    # Create distance matrix unless given by parameters
    if inputdist == 'distance':
        D = x
        if init == 'default':
            init = 'cmdscale'
    else:
        D = cdist(x, x)
        if init == 'default':
            init = 'pca'

    if inputdist == 'distance' and init == 'pca':
        raise ValueError("Cannot use init == 'pca' when inputdist == 'distance'")

    # Remaining initialisation
    N = x.shape[0]
    scale = 0.5 / D.sum()
    D = D + np.eye(N)     

    if np.count_nonzero(D<=0) > 0:
        raise ValueError("Off-diagonal dissimilarities must be strictly positive")   

    Dinv = 1 / D
    if init == 'pca':
        [UU,DD,_] = np.linalg.svd(x)
        y = UU[:,:n]*DD[:n] 
    elif init == 'cmdscale':
        from cmdscale import cmdscale
        y,e = cmdscale(D)
        print(y.shape)
        y = y[:,:n]
    else:
        y = np.random.normal(0.0,1.0,[N,n])
    one = np.ones([N,n])
    d = cdist(y,y) + np.eye(N)
    dinv = 1. / d
    delta = D-d 
    E = ((delta**2)*Dinv).sum() 

    # Get on with it
    for i in range(maxiter):

        # Compute gradient, Hessian and search direction (note it is actually
        # 1/4 of the gradient and Hessian, but the step size is just the ratio
        # of the gradient and the diagonal of the Hessian so it doesn't
        # matter).
        delta = dinv - Dinv
        deltaone = np.dot(delta,one)
        g = np.dot(delta,y) - (y * deltaone)
        dinv3 = dinv ** 3
        y2 = y ** 2
        H = np.dot(dinv3,y2) - deltaone - np.dot(2,y) * np.dot(dinv3,y) + y2 * np.dot(dinv3,one)
        s = -g.flatten(order='F') / np.abs(H.flatten(order='F'))
        y_old    = y

        # Use step-halving procedure to ensure progress is made
        for j in range(maxhalves):
            s_reshape = np.reshape(s, (-1,n),order='F')
            y = y_old + s_reshape
            d = cdist(y, y) + np.eye(N)
            dinv = 1 / d
            delta = D - d
            E_new = ((delta**2)*Dinv).sum()
            if E_new < E:
                break
            else:
                s = 0.5*s

        # Bomb out if too many halving steps are required
        if j == maxhalves-1:
            print('Warning: maxhalves exceeded. Sammon mapping may not converge...')

        # Evaluate termination criterion
        if abs((E - E_new) / E) < tolfun:
            if display:
                print('TolFun exceeded: Optimisation terminated')
            break

        # Report progress
        E = E_new
        if display > 1:
            print('epoch = %d : E = %12.10f'% (i+1, E * scale))

    if i == maxiter-1:
        print('Warning: maxiter exceeded. Sammon mapping may not have converged...')

    # Fiddle stress to match the original Sammon paper
    E = E * scale
    
    return [y,E]


# Five points of a small 4-D data set (the README maps the iris data).
DATA = np.array([[5.1, 3.5, 1.4, 0.2],
                 [7.0, 3.2, 4.7, 1.4],
                 [6.3, 3.3, 6.0, 2.5],
                 [4.9, 2.4, 3.3, 1.0],
                 [5.8, 2.7, 5.1, 1.9]])


def _distances():
    diff = DATA[:, None, :] - DATA[None, :, :]
    return np.sqrt(np.sum(diff ** 2, axis=-1))


def stress(x):    # test wrapper: the stress E of [y, E] after three iterations
    return sammon(x, 2, display=2, maxiter=3)[1]


def stress_from_distances(D):    # test wrapper: a distance matrix given, a random start
    return sammon(D, 2, display=0, inputdist='distance', maxiter=3, init='random')[1]


def mapped(x):    # test wrapper: the map y after two iterations
    return sammon(x, 2, display=0, maxiter=2)[0]


CASES = [
    dict(name="stress", function=stress, args=lambda: (DATA.copy(),)),
    dict(name="stress_from_distances", function=stress_from_distances, args=lambda: (_distances(),), seed=3),
    dict(name="map_jacobian", function=mapped, args=lambda: (DATA.copy(),), kind="jacobian"),
]
