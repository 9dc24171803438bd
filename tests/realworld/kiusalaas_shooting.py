# Ported from Jaan Kiusalaas, "Numerical Methods in Engineering with Python 3" (Cambridge, 2013): module run_kut4 (`integrate` with the nested `run_kut4`, `while x < xStop`, `h = min(h,xStop - x)`, `X.append(x)`, `return array(X),array(Y)`), module ridder (`ridder(f,a,b,tol)`: returns from inside its loop, `xOld`, re-bracketing, `error.err`), and Example 8.1 (the shooting method for y'' = -3yy', y(0) = 0, y(2) = 1: `initCond(u)`, the residual `r(u)` of the boundary condition, `F(x,y)` filling `zeros(2)`).
import math
from numpy import array, zeros


class error:
    # (the book's module error: err(string) prints and exits)
    @staticmethod
    def err(string):
        print(string)
        input('Press return to exit')
        raise SystemExit


## module run_kut4
''' X,Y = integrate(F,x,y,xStop,h).
    4th-order Runge-Kutta method for solving the
    initial value problem {y}' = {F(x,{y})}, where
    {y} = {y[0],y[1],...y[n-1]}.
    x,y   = initial conditions
    xStop = terminal value of x
    h     = increment of x used in integration
    F     = user-supplied function that returns the
            array F(x,y) = {y'[0],y'[1],...,y'[n-1]}.
'''
def integrate(F,x,y,xStop,h):

    def run_kut4(F,x,y,h):
        K0 = h*F(x,y)
        K1 = h*F(x + h/2.0, y + K0/2.0)
        K2 = h*F(x + h/2.0, y + K1/2.0)
        K3 = h*F(x + h, y + K2)
        return (K0 + 2.0*K1 + 2.0*K2 + K3)/6.0

    X = []
    Y = []
    X.append(x)
    Y.append(y)
    while x < xStop:
        h = min(h,xStop - x)
        y = y + run_kut4(F,x,y,h)
        x = x + h
        X.append(x)
        Y.append(y)
    return array(X),array(Y)


## module ridder
''' root = ridder(f,a,b,tol=1.0e-9).
    Finds a root of f(x) = 0 with Ridder's method.
    The root must be bracketed in (a,b).
'''
def ridder(f,a,b,tol=1.0e-9):
    fa = f(a)
    if fa == 0.0: return a
    fb = f(b)
    if fb == 0.0: return b
    if fa*fb > 0.0: error.err('Root is not bracketed')
    for i in range(30):
      # Compute the improved root x from Ridder's formula
        c = 0.5*(a + b); fc = f(c)
        s = math.sqrt(fc**2 - fa*fb)
        if s == 0.0: return None
        dx = (c - a)*fc/s
        if (fa - fb) < 0.0: dx = -dx
        x = c + dx; fx = f(x)
      # Test for convergence
        if i > 0:
            if abs(x - xOld) < tol*max(abs(x),1.0): return x
        xOld = x
      # Re-bracket the root as tightly as possible
        if fc*fx > 0.0:
            if fa*fx < 0.0: b = x; fb = fx
            else:           a = c; fa = fc
        else:
            a = x; b = c; fa = fx; fb = fc
    return None
    print('Too many iterations')


## example8_1
def initCond(u):  # Init. values of [y,y']; use 'u' if unknown
    return array([0.0, u])

def r(u):   # Boundary condition residual--see Eq. (8.3)
    X,Y = integrate(F,xStart,initCond(u),xStop,h)
    y = Y[len(Y) - 1]
    r = y[0] - 1.0
    return r

def F(x,y):  # First-order differential equations
    F = zeros(2)
    F[0] = y[1]
    F[1] = -3.0*y[0]*y[1]
    return F

xStart = 0.0        # Start of integration
xStop = 2.0         # End of integration
u1 = 1.0            # 1st trial value of unknown init. cond.
u2 = 2.0            # 2nd trial value of unknown init. cond.
h = 0.1             # Step size
freq = 2            # Printout frequency
u = ridder(r,u1,u2) # Compute the correct initial condition


# ---- test wrappers
def shot_slope(target):
    """The initial slope that hits y(2) = target: `ridder` on a lambda residual (the book's `r` with
    the boundary value as a parameter)."""
    return ridder(lambda u: integrate(F,xStart,initCond(u),xStop,h)[1][-1][0] - target, u1, u2)


def trajectory(u):
    """The whole solution y(x) for the initial slope u (the book prints it with printSoln)."""
    X,Y = integrate(F,xStart,initCond(u),xStop,h)
    return Y[:, 0]


CASES = [
    dict(name="boundary_residual", function=r, args=lambda: (1.3,)),
    dict(name="shot_slope", function=shot_slope, args=lambda: (1.0,)),
    dict(name="trajectory", function=trajectory, args=lambda: (u,), kind="jacobian"),
]
