# Ported from Jason Brownlee, "Code Adam Optimization Algorithm From Scratch" (machinelearningmastery.com, 2021): `objective`, `derivative`, and `adam` with its random start, per-coordinate lists of moments and a print per iteration; differentiated with respect to the step size.
from math import sqrt
from numpy import asarray
from numpy.random import rand
from numpy.random import seed


# objective function
def objective(x, y):
	return x**2.0 + y**2.0


# derivative of objective function
def derivative(x, y):
	return asarray([x * 2.0, y * 2.0])


# gradient descent algorithm with adam
def adam(objective, derivative, bounds, n_iter, alpha, beta1, beta2, eps=1e-8):
	# generate an initial point
	x = bounds[:, 0] + rand(len(bounds)) * (bounds[:, 1] - bounds[:, 0])
	score = objective(x[0], x[1])
	# initialize first and second moments
	m = [0.0 for _ in range(bounds.shape[0])]
	v = [0.0 for _ in range(bounds.shape[0])]
	# run the gradient descent updates
	for t in range(n_iter):
		# calculate gradient g(t)
		g = derivative(x[0], x[1])
		# build a solution one variable at a time
		for i in range(x.shape[0]):
			# m(t) = beta1 * m(t-1) + (1 - beta1) * g(t)
			m[i] = beta1 * m[i] + (1.0 - beta1) * g[i]
			# v(t) = beta2 * v(t-1) + (1 - beta2) * g(t)^2
			v[i] = beta2 * v[i] + (1.0 - beta2) * g[i]**2
			# mhat(t) = m(t) / (1 - beta1(t))
			mhat = m[i] / (1.0 - beta1**(t+1))
			# vhat(t) = v(t) / (1 - beta2(t))
			vhat = v[i] / (1.0 - beta2**(t+1))
			# x(t) = x(t-1) - alpha * mhat(t) / (sqrt(vhat(t)) + eps)
			x[i] = x[i] - alpha * mhat / (sqrt(vhat) + eps)
		# evaluate candidate point
		score = objective(x[0], x[1])
		# report progress
		print('>%d f(%s) = %.5f' % (t, x, score))
	return [x, score]


# define range for input
bounds = asarray([[-1.0, 1.0], [-1.0, 1.0]])
# define the total iterations
n_iter = 6
# steps size
alpha = 0.02
# factor for average gradient
beta1 = 0.8
# factor for average squared gradient
beta2 = 0.999


def final_score(alpha, beta1):
	# test wrapper: the score adam returns, as a function of its hyperparameters
	best, score = adam(objective, derivative, bounds, n_iter, alpha, beta1, beta2)
	return score


CASES = [
    # seed the pseudo random number generator: seed(1) in the article
    dict(name="final_score", function=final_score, args=lambda: (alpha, beta1), wrt=(0, 1), seed=1),
]
