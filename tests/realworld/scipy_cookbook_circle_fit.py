# Ported from the SciPy Cookbook, "Least squares circle" (scipy-cookbook ipython/Least_Squares_Circle.ipynb): methods 2 ("leastsq", `f_2(c)` of `calc_R(*c)`), 2b (with the author's Jacobian `Df_2b`, `col_deriv=True`) and 3b (`odr` with the implicit circle `f_3b(beta, x)` and its Jacobians `jacb`, `jacd`), `from numpy import *` kept; the author's Jacobians are the references.
from numpy import *
from scipy import optimize

# Coordinates of the 2D points

x = r_[  9, 35, -13,  10,  23,   0]
y = r_[ 34, 10,   6, -14,  27, -10]

# coordinates of the barycenter
x_m = mean(x)
y_m = mean(y)

# == METHOD 2 ==
method_2  = "leastsq"

def calc_R(xc, yc):
    """ calculate the distance of each 2D points from the center (xc, yc) """
    return sqrt((x-xc)**2 + (y-yc)**2)

def f_2(c):
    """ calculate the algebraic distance between the data points and the mean circle centered at c=(xc, yc) """
    Ri = calc_R(*c)
    return Ri - Ri.mean()

center_estimate = x_m, y_m
center_2, ier = optimize.leastsq(f_2, center_estimate)

xc_2, yc_2 = center_2
Ri_2       = calc_R(*center_2)
R_2        = Ri_2.mean()
residu_2   = sum((Ri_2 - R_2)**2)

# == METHOD 2b ==
method_2b  = "leastsq with jacobian"

def f_2b(c):
    """ calculate the algebraic distance between the 2D points and the mean circle centered at c=(xc, yc) """
    Ri = calc_R(*c)
    return Ri - Ri.mean()

def Df_2b(c):
    """ Jacobian of f_2b
    The axis corresponding to derivatives must be coherent with the col_deriv option of leastsq"""
    xc, yc     = c
    df2b_dc    = empty((len(c), x.size))

    Ri = calc_R(xc, yc)
    df2b_dc[0] = (xc - x)/Ri                   # dR/dxc
    df2b_dc[1] = (yc - y)/Ri                   # dR/dyc
    df2b_dc    = df2b_dc - df2b_dc.mean(axis=1)[:, newaxis]

    return df2b_dc

center_estimate = x_m, y_m
center_2b, ier = optimize.leastsq(f_2b, center_estimate, Dfun=Df_2b, col_deriv=True)

# == METHOD 3b ==
method_3b  = "odr with jacobian"

def f_3b(beta, x):
    """ implicit definition of the circle """
    return (x[0]-beta[0])**2 + (x[1]-beta[1])**2 -beta[2]**2

def jacb(beta, x):
    """ Jacobian function with respect to the parameters beta.
    return df_3b/dbeta
    """
    xc, yc, r = beta
    xi, yi    = x

    df_db    = empty((beta.size, x.shape[1]))
    df_db[0] =  2*(xc-xi)                     # d_f/dxc
    df_db[1] =  2*(yc-yi)                     # d_f/dyc
    df_db[2] = -2*r                           # d_f/dr

    return df_db

def jacd(beta, x):
    """ Jacobian function with respect to the input x.
    return df_3b/dx
    """
    xc, yc, r = beta
    xi, yi    = x

    df_dx    = empty_like(x)
    df_dx[0] =  2*(xi-xc)                     # d_f/dxi
    df_dx[1] =  2*(yi-yc)                     # d_f/dyi

    return df_dx


# ---- test wrappers: residual sums of squares (scalar), and the Jacobians against the author's
# (transposed back from `col_deriv` layout; `jacd`'s is the diagonal of each point's 2 x 2 block).
def residu(c):
    """Method 2's residual as the notebook prints it: `sum((Ri - R)**2)` (`sum` is numpy's here, from the star import)."""
    Ri = calc_R(*c)
    R = Ri.mean()
    return sum((Ri - R)**2)

points = vstack([x, y]).astype(float)
beta0 = r_[x_m, y_m, 20.0]

CASES = [
    dict(name="f_2_jacobian", function=f_2, args=lambda: (array(center_estimate),), kind="jacobian",
         reference=lambda c: Df_2b(c).T),
    dict(name="f_2b_jacobian", function=f_2b, args=lambda: (array([10.0, 12.0]),), kind="jacobian",
         reference=lambda c: Df_2b(c).T),
    dict(name="residu", function=residu, args=lambda: (array(center_estimate),)),
    dict(name="f_3b_jacobian_beta", function=f_3b, args=lambda: (beta0.copy(), points.copy()), kind="jacobian",
         reference=lambda beta, x: jacb(beta, x).T),
    dict(name="f_3b_jacobian_x", function=f_3b, args=lambda: (beta0.copy(), points.copy()), wrt=(1,), kind="jacobian",
         reference=lambda beta, x: concatenate([diag(jacd(beta, x)[0]), diag(jacd(beta, x)[1])], axis=1)),
    dict(name="f_3b_sum_of_squares", function=lambda beta, x: sum(f_3b(beta, x)**2), args=lambda: (beta0.copy(), points.copy()),
         wrt=(0, 1)),
]
