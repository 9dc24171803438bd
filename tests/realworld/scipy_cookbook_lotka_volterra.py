# Ported from scipy/scipy-cookbook, ipython/LoktaVolterraTutorial.ipynb: the growth rate `dX_dt` (module parameters a, b, c, d, `from numpy import *`) and its hand-written Jacobian `d2X_dt2`; the test wrapper marches with forward Euler where the tutorial calls odeint.
from numpy import *

# Definition of parameters
a = 1.
b = 0.1
c = 1.5
d = 0.75
def dX_dt(X, t=0):
    """ Return the growth rate of fox and rabbit populations. """
    return array([ a*X[0] -   b*X[0]*X[1] ,
                  -c*X[1] + d*b*X[0]*X[1] ])

X_f0 = array([     0. ,  0.])
X_f1 = array([ c/(d*b), a/b])

def d2X_dt2(X, t=0):
    """ Return the Jacobian matrix evaluated in X. """
    return array([[a -b*X[1],   -b*X[0]     ],
                  [b*d*X[1] ,   -c +b*d*X[0]] ])


def march(X0):
    # test wrapper: forward Euler on the tutorial's time grid (odeint's job there)
    t = linspace(0, 1, 101)
    X = X0
    for i in range(len(t) - 1):
        X = X + (t[i + 1] - t[i]) * dX_dt(X, t[i])
    return X[0] * X[1]


X0 = array([10, 5])                     # initials conditions: 10 rabbits and 5 foxes

CASES = [
    dict(name="dX_dt_jacobian", function=dX_dt, args=lambda: (array([10., 5.]),), kind="jacobian",
         reference=d2X_dt2),
    dict(name="march", function=march, args=lambda: (array([10., 5.]),)),
]
