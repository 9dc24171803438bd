# Ported from Mark Newman, "Computational Physics" (2013), the book's programs gaussxw.py (`gaussxw`, `gaussxwab`: Legendre roots by Newton's method, `p0,p1 = p1,...` recurrence, `while delta>epsilon`, `x -= dx`, builtin `max(abs(dx))`) and int.py (Example 5.2, `s += wp[k]*f(xp[k])`), with Exercise 5.9's Debye heat capacity (`cv(T)`, a Gaussian quadrature whose upper limit thetaD/T moves with the differentiated temperature) written with them.
from numpy import ones,copy,cos,tan,pi,linspace,exp

def gaussxw(N):

    # Initial approximation to roots of the Legendre polynomial
    a = linspace(3,4*N-1,N)/(4*N+2)
    x = cos(pi*a+1/(8*N*N*tan(a)))

    # Find roots using Newton's method
    epsilon = 1e-15
    delta = 1.0
    while delta>epsilon:
        p0 = ones(N,float)
        p1 = copy(x)
        for k in range(1,N):
            p0,p1 = p1,((2*k+1)*x*p1-k*p0)/(k+1)
        dp = (N+1)*(p0-x*p1)/(1-x*x)
        dx = p1/dp
        x -= dx
        delta = max(abs(dx))

    # Calculate the weights
    w = 2*(N+1)*(N+1)/(N*N*(1-x*x)*dp*dp)

    return x,w

def gaussxwab(N,a,b):
    x,w = gaussxw(N)
    return 0.5*(b-a)*x+0.5*(b+a),0.5*(b-a)*w


# ---- Example 5.2 (int.py): the integral of x**4 - 2x + 1 from a to b, by three-point Gaussian quadrature.
def f(x):
    return x**4 - 2*x + 1

N = 3

def integral(a, b):
    """Test wrapper: int.py's script with the limits as parameters."""
    # Calculate the sample points and weights, then map them
    # to the required integration domain
    x,w = gaussxw(N)
    xp = 0.5*(b-a)*x + 0.5*(b+a)
    wp = 0.5*(b-a)*w

    # Perform the integration
    s = 0.0
    for k in range(N):
        s += wp[k]*f(xp[k])
    return s


# ---- Exercise 5.9: the heat capacity of a solid in Debye's theory.
V = 1000e-6          # m^3 of aluminium
rho = 6.022e28       # number density, m^-3
thetaD = 428.0       # Debye temperature, K
kB = 1.380649e-23

def integrand(x):
    return x**4*exp(x)/(exp(x)-1)**2

def cv(T):
    N = 50
    a = 0.0
    b = thetaD/T
    x,w = gaussxwab(N,a,b)
    s = 0.0
    for k in range(N):
        s += w[k]*integrand(x[k])
    return 9*V*rho*kB*(T/thetaD)**3*s


CASES = [
    dict(name="example_5_2", function=integral, args=lambda: (0.0, 2.0), wrt=(0, 1),
         reference=lambda a, b: [-(a**4 - 2*a + 1), b**4 - 2*b + 1]),
    dict(name="debye_heat_capacity", function=cv, args=lambda: (120.0,)),
    dict(name="gaussxwab_first_moment", function=lambda a, b: gaussxwab(5, a, b)[0] @ gaussxwab(5, a, b)[1],
         args=lambda: (-0.5, 1.5), wrt=(0, 1)),
]
