# Ported from T. Sauer, "Numerical Analysis" (2nd ed.), Program 8.1 "Forward difference method for heat equation", the Python translation of fdheat.m by J. Rosenberg (2012) hosted by J. Langou, langou/langou.github.io 4650/math.buffalo.edu-sauer2py/heatfd.py (https://github.com/langou/langou.github.io/blob/master/4650/math.buffalo.edu-sauer2py/heatfd.py): `from numpy import *`, tab indentation, several statements per line with `;`, the tridiagonal matrix `diag(...) + diag(..., 1)` and `a += diag(..., -1)`, the initial and boundary conditions passed as functions, `w[:,j+1] = dot(a,w[:,j]) + sigma*hstack((lside[j],zeros(m-2),rside[j]))` with a backslash continuation, `vstack`. The Python 2 `print w.T` and the 3-D plot after it are left out (the solution `w` is returned as before).
from numpy import *

def heatfd(xl,xr,yb,yt,M,N,f,l,r):
	D = 1.							# diffusion coefficient
	h = float(xr-xl)/M; k=float(yt-yb)/N; m=M-1; n=N
	sigma = D*k/(h*h)
	a  = diag(1-2*sigma*ones(m)) + diag(sigma*ones(m-1),1) 
	a += diag(sigma*ones(m-1),-1)	# define matrix a
	x = linspace(xl,xr,M+1)
	t = linspace(yb,yt,N+1)	
	w = zeros((m,N+1))   			# 2nd index is time index
	w[:,0] = f(x[1:-1])				# initial conditions
	lside = l(t); rside = r(t)		# boundary conditions
	for j in range(n):
		w[:,j+1] = dot(a,w[:,j]) \
               + sigma*hstack((lside[j],zeros(m-2),rside[j]))
	w = vstack((lside,w,rside))
	return w


# ---- test wrappers: the book's example call, w=heatfd(0,1,0,1,10,250,f,l,r), with its f, l, r
# (sin(2*pi*x)**2 initially, zero at both ends), shortened to t in [0, 0.1]; an amplitude and the
# end time are what the derivative is taken with respect to.

def temperature_at_middle(amplitude, yt):
	f = lambda x: amplitude * sin(2*pi*x)**2
	l = lambda t: 0*t
	r = lambda t: 0*t
	w = heatfd(0, 1, 0, yt, 10, 25, f, l, r)
	return w[5, -1]


def heated_ends(left, right):
	f = lambda x: sin(2*pi*x)**2
	w = heatfd(0, 1, 0, 0.1, 10, 25, f, lambda t: left * t, lambda t: right + 0*t)
	return sum(w[:, -1] ** 2)


CASES = [
	dict(name="temperature_at_middle", function=temperature_at_middle, args=lambda: (1.0, 0.1), wrt=(0, 1)),
	dict(name="heated_ends", function=heated_ends, args=lambda: (2.0, 0.5), wrt=(0, 1)),
]
