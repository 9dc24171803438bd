# Ported from Georg Walther, "Crank-Nicolson Method" (blog post and notebook, georg.io, 2013; https://georg.io/2013/12/03/Crank_Nicolson): the Crank-Nicolson scheme for a 1-D reaction-diffusion system (a model of cell polarisation, Mori et al. 2008) with no-flux boundaries. The notebook's script as written — `numpy.` spelled out, grids by list comprehensions (`numpy.array([j*dx for j in range(J)])`), the lambdas `f`, `g` and the vectorised `f_vec` of nested `numpy.multiply`/`numpy.add`/`numpy.divide`, the tridiagonal matrices `A_u`, `B_u`, `A_v`, `B_v` as sums of `numpy.diagflat` of comprehensions with backslash continuations, `U_record.append(U)`, and the time loop `U_new = numpy.linalg.solve(A_u, B_u.dot(U) + f_vec(U,V))` — with a coarser grid (J = 20 points, N = 30 steps to T = 20 where the post has 100, 1000 and 200). The script's loop is wrapped in a function of the initial profiles (and, in a second wrapper, of the diffusion coefficient, the matrices built from it as the script builds them); plotting left out.
import numpy

numpy.set_printoptions(precision=3)

L = 1.
J = 20
dx = float(L)/float(J-1)
x_grid = numpy.array([j*dx for j in range(J)])

T = 20
N = 30
dt = float(T)/float(N-1)
t_grid = numpy.array([n*dt for n in range(N)])

D_v = float(10.)/float(100.)
D_u = 0.01 * D_v

k0 = 0.067
f = lambda u, v: dt*(v*(k0 + float(u*u)/float(1. + u*u)) - u)
g = lambda u, v: -f(u,v)

sigma_u = float(D_u*dt)/float((2.*dx*dx))
sigma_v = float(D_v*dt)/float((2.*dx*dx))

total_protein = 2.26

no_high = 4
U =  numpy.array([0.1 for i in range(no_high,J)] + [2. for i in range(0,no_high)])
V = numpy.array([float(total_protein-dx*sum(U))/float(J*dx) for i in range(0,J)])

A_u = numpy.diagflat([-sigma_u for i in range(J-1)], -1) +\
      numpy.diagflat([1.+sigma_u]+[1.+2.*sigma_u for i in range(J-2)]+[1.+sigma_u]) +\
      numpy.diagflat([-sigma_u for i in range(J-1)], 1)

B_u = numpy.diagflat([sigma_u for i in range(J-1)], -1) +\
      numpy.diagflat([1.-sigma_u]+[1.-2.*sigma_u for i in range(J-2)]+[1.-sigma_u]) +\
      numpy.diagflat([sigma_u for i in range(J-1)], 1)

A_v = numpy.diagflat([-sigma_v for i in range(J-1)], -1) +\
      numpy.diagflat([1.+sigma_v]+[1.+2.*sigma_v for i in range(J-2)]+[1.+sigma_v]) +\
      numpy.diagflat([-sigma_v for i in range(J-1)], 1)

B_v = numpy.diagflat([sigma_v for i in range(J-1)], -1) +\
      numpy.diagflat([1.-sigma_v]+[1.-2.*sigma_v for i in range(J-2)]+[1.-sigma_v]) +\
      numpy.diagflat([sigma_v for i in range(J-1)], 1)

f_vec = lambda U, V: numpy.multiply(dt, numpy.subtract(numpy.multiply(V, 
                     numpy.add(k0, numpy.divide(numpy.multiply(U,U), numpy.add(1., numpy.multiply(U,U))))), U))


def simulate(U, V):
    # test wrapper: the script's time loop, from the initial profiles U, V; the quantity the
    # post plots at the end, the final U profile, summed against x (the front's position)
    U_record = []
    V_record = []

    U_record.append(U)
    V_record.append(V)

    for ti in range(1,N):
        U_new = numpy.linalg.solve(A_u, B_u.dot(U) + f_vec(U,V))
        V_new = numpy.linalg.solve(A_v, B_v.dot(V) - f_vec(U,V))

        U = U_new
        V = V_new

        U_record.append(U)
        V_record.append(V)

    U_record = numpy.array(U_record)
    return numpy.sum(U_record[-1] * x_grid) + 0.1 * numpy.sum(V_record[-1] ** 2)


def simulate_with_diffusion(D_v):
    # test wrapper: the same run as a function of the diffusion coefficient of V, its matrices
    # built from it as the script builds them
    D_u = 0.01 * D_v
    sigma_u = float(D_u*dt)/float((2.*dx*dx))
    sigma_v = float(D_v*dt)/float((2.*dx*dx))
    A_u = numpy.diagflat([-sigma_u for i in range(J-1)], -1) +\
          numpy.diagflat([1.+sigma_u]+[1.+2.*sigma_u for i in range(J-2)]+[1.+sigma_u]) +\
          numpy.diagflat([-sigma_u for i in range(J-1)], 1)
    B_u = numpy.diagflat([sigma_u for i in range(J-1)], -1) +\
          numpy.diagflat([1.-sigma_u]+[1.-2.*sigma_u for i in range(J-2)]+[1.-sigma_u]) +\
          numpy.diagflat([sigma_u for i in range(J-1)], 1)
    A_v = numpy.diagflat([-sigma_v for i in range(J-1)], -1) +\
          numpy.diagflat([1.+sigma_v]+[1.+2.*sigma_v for i in range(J-2)]+[1.+sigma_v]) +\
          numpy.diagflat([-sigma_v for i in range(J-1)], 1)
    B_v = numpy.diagflat([sigma_v for i in range(J-1)], -1) +\
          numpy.diagflat([1.-sigma_v]+[1.-2.*sigma_v for i in range(J-2)]+[1.-sigma_v]) +\
          numpy.diagflat([sigma_v for i in range(J-1)], 1)
    U_ = U
    V_ = V
    for ti in range(1,N):
        U_new = numpy.linalg.solve(A_u, B_u.dot(U_) + f_vec(U_,V_))
        V_new = numpy.linalg.solve(A_v, B_v.dot(V_) - f_vec(U_,V_))
        U_ = U_new
        V_ = V_new
    return numpy.sum(U_ * x_grid)


def reaction(u, v):
    # test wrapper: the scalar lambdas `f` and `g` the post writes first (`float(u*u)`), summed
    return f(u, v) + 2.0 * g(v, u)


CASES = [
    dict(name="profiles", function=simulate, args=lambda: (U.copy(), V.copy()), wrt=(0, 1)),
    dict(name="diffusion_coefficient", function=simulate_with_diffusion, args=lambda: (D_v,)),
    dict(name="scalar_reaction_lambdas", function=reaction, args=lambda: (0.7, 1.3), wrt=(0, 1)),
]
