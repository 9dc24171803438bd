# Ported from dkebude/bayes-by-backprop-regression, utils.py (Bayes by Backprop, Blundell et al. 2015, "from scratch including gradient calculations"): layer shapes as a list of `(W, b)` shape tuples, `init_distributions`, `get_eps` drawing N(0, I) per layer from numpy's global stream, `get_params`' softplus `np.log(1. + np.exp(rho))` and `mus_W[i]+np.multiply(sigmas_W[i],eps_W[i])` appended in a loop, `forward_pass` keeping `z` and `a` lists, the variational free energy (`calc_kl` of the log variational posterior and log prior, `calc_log_likelihood`) and the author's hand-written gradients `W_grad_log_likelihood`, `mu_grad`, `rho_grad`; tabs as written.
import numpy as np

def relu(x):
	return x*(x>0) #this is faster than max(x,0)

def relu_grad(x):
	return (x > 0).reshape(1,-1)
	
def gen_samples(sample_count=250):
	x = np.random.uniform(0,0.5,size=sample_count).reshape((-1,1)) # uniform sampling for x
	eps = np.random.normal(0,0.02,sample_count).reshape((-1,1)) # normal sampling for eps
	y = x+(0.3*np.sin(2*np.pi*(x+eps)))+(0.3*np.sin(4*np.pi*(x+eps)))+eps

	return (x,y) # return a tuple of x's and y's

def gen_layer_sizes(num_layers, input_size, output_size, h_sizes):
#h_sizes must be a list, even if it will have a single element
	layer_sizes = []
	for i in range(num_layers):
		if i == 0: # input layer
			W = (input_size, h_sizes[i])
			b = (1,h_sizes[i])
		elif i == num_layers-1: # output layer
			W = (h_sizes[i-1], output_size)
			b = (1,output_size)
		else: # hidden layers
			W = (h_sizes[i-1], h_sizes[i])
			b = (1,h_sizes[i])
		layer_sizes.append((W,b))

	return layer_sizes

def init_distributions(layer_sizes):
# We will need a mean and a variance for each weight
	mus_W = []
	rhos_W = []
	mus_b = []
	rhos_b = []
	
	for W_shape, b_shape in layer_sizes:
		mu_W  = np.random.normal(0, 0.01, W_shape)
		rho_W = np.random.normal(0, 0.01, W_shape)
		mu_b  = np.random.uniform(-0.01, 0.01, b_shape)
		rho_b = np.random.uniform(-0.01, 0.01, b_shape)
		mus_W.append(mu_W)
		rhos_W.append(rho_W)
		mus_b.append(mu_b)
		rhos_b.append(rho_b)

	return mus_W, rhos_W, mus_b, rhos_b

def get_eps(layer_sizes):
# Sample eps from N(0,I) for each layer
	eps_W = []
	eps_b = []
	for W_shape, b_shape in layer_sizes:
		eps_W.append(np.random.normal(0,1,W_shape))  
		eps_b.append(np.random.normal(0,1,b_shape))  

	return eps_W, eps_b

def get_params(mus_W, rhos_W, mus_b, rhos_b, eps_W, eps_b):
# This one converts distributions into weights
	sigmas_W = [np.log(1. + np.exp(rho)) for rho in rhos_W]
	sigmas_b = [np.log(1. + np.exp(rho)) for rho in rhos_b]
	W = []
	b = []
	for i in range(len(mus_W)):
		W.append(mus_W[i]+np.multiply(sigmas_W[i],eps_W[i]))
		b.append(mus_b[i]+np.multiply(sigmas_b[i],eps_b[i]))
	return W, b, sigmas_W, sigmas_b #sigmas will later be used for posterior and gradient calculation 

def forward_pass(x, W, b):
# Go through the network
	z = []
	a = []
	# z and a will later be used for gradient calculation
	curr_input = x
	for i in range(len(W)-1):
		linear_out = np.dot(curr_input,W[i])+b[i]
		z.append(linear_out) 
		curr_input = relu(linear_out)
		a.append(curr_input)
	y_hat = np.dot(curr_input,W[-1])+b[-1]
	return y_hat, z, a

def calc_log_likelihood(y_train, y_hat):
# Finally: -log P(D|w) = 0.5log(2*pi)+0.5(y_train-y_hat)^2
	return (0.5*np.square(y_train-y_hat))

def calc_log_prior(W, b):
# Calculate log P(W) as log standard normal
	w_sum  = np.array([np.sum(-0.5*np.square(w)) for w in W])
	w_sum += np.array([np.sum(-0.5*np.square(bias)) for bias in b])
	return np.sum(w_sum)

def calc_log_var_posterior(W,b,sigmas_W,sigmas_b,eps_W,eps_b):
# Finally: q(W|theta) = -0.5log(2*pi)-log(sigmas) - 0.5(eps^2) -> This will help us with a lot of computational time
	log_var_posterior = 0
	for i in range(len(W)):
		log_var_posterior += np.sum(-np.log(sigmas_W[i])-0.5*np.square(eps_W[i]))
	for i in range(len(b)):
		log_var_posterior += np.sum(-np.log(sigmas_b[i])-0.5*np.square(eps_b[i]))
	return np.sum(log_var_posterior)

def calc_kl(W, b, sigmas_W, sigmas_b, eps_W, eps_b, sample_count):
#KL divergence part of loss is simply log q(W|theta)-log p(W)
	return (1./sample_count)*(calc_log_var_posterior(W, b, sigmas_W, sigmas_b, eps_W, eps_b)-calc_log_prior(W,b))

def variational_free_energy(W, b, sigmas_W, sigmas_b, eps_W, eps_b, y_train, y_hat, sample_count):
	return np.sum(calc_kl(W, b, sigmas_W, sigmas_b, eps_W, eps_b, sample_count)+calc_log_likelihood(y_train,y_hat))

# Explanations of the gradient calculator functions below are provided in the report

def rho_grad_kl(W, rhos, sigmas, eps, sample_count):
	g_rhos = []
	for i, w in enumerate(W):
		g_rho = (1./sample_count)*((-1./(sigmas[i])+np.multiply(w,eps[i])))*(1./(1+np.exp(-rhos[i])))
		g_rhos.append(g_rho)
	return g_rhos

def mu_grad_kl(W, sample_count):
	g_mus = [(1./sample_count)*w for w in W]
	return g_mus

def W_grad_log_likelihood(W, b, z, a, y_train, y_hat, x_train,b_flag=False):
# This is kind of a self-made autograd that can calculate gradients for any number of
# layers and parameter sizes, it only utilizes relu activation and log likelihood loss
# but it can be improved further
	gW = []
	for i in range(len(W)):
		gw = (y_train-y_hat).reshape(-1,1)
		if not i == len(W):
			for j in reversed(list(set(range(len(W)))-set(range(i+1)))):
				gw = np.dot(gw,np.multiply(W[j].T,relu_grad(z[j-1])))
		if i == 0:
			x_train = x_train.reshape(-1,1)
			gw = np.dot(x_train.T,gw)
		else:
			gw = np.dot(a[i-1].T,gw)
		gW.append(gw)

	gB = []
	for i in range(len(b)):
		gb = (y_train-y_hat).reshape(-1,1)
		if not i == len(b):
			for j in reversed(list(set(range(len(b)))-set(range(i+1)))):
				gb = np.dot(gb,np.multiply(W[j].T,relu_grad(z[j-1])))
		gB.append(gb)	
	return gW, gB
		
def rho_grad_log_likelihood(gW, rhos, eps):
	g_rhos = []
	for i,gw in enumerate(gW):
		g_rho = -np.multiply(gw,eps[i]/(1+np.exp(-rhos[i])))
		g_rhos.append(g_rho)
	return g_rhos

def mu_grad_log_likelihood(gW):
	g_mus = list(map(lambda x: -x, gW))
	return g_mus

def mu_grad(gW, W, sample_count):
	g_mus_kl = mu_grad_kl(W, sample_count)
	g_mus_log_likelihood = mu_grad_log_likelihood(gW)
	g_mus = [g_mus_kl[i] + g_mus_log_likelihood[i] for i in range(len(g_mus_kl))]
	return g_mus

def rho_grad(gW, W, rhos, sigmas, eps, sample_count):
	g_rhos_kl = rho_grad_kl(W, rhos, sigmas, eps, sample_count)
	g_rhos_log_likelihood = rho_grad_log_likelihood(gW, rhos, eps)
	g_rhos = [g_rhos_kl[i] + g_rhos_log_likelihood[i] for i in range(len(g_rhos_kl))]
	return g_rhos


# bnn_regression.py's training step on one (x_train, y_train) pair: draw eps, make the weights,
# run the network, the free energy (the objective; the test wrapper returns it alone)
layer_sizes = gen_layer_sizes(2, 1, 1, [4])
sample_count = 20


def free_energy(mus_W, rhos_W, mus_b, rhos_b, x_train, y_train):
	eps_W, eps_b = get_eps(layer_sizes)
	W, b, sigmas_W, sigmas_b = get_params(mus_W, rhos_W, mus_b, rhos_b, eps_W, eps_b)
	y_hat, z, a = forward_pass(x_train, W, b)
	return variational_free_energy(W, b, sigmas_W, sigmas_b, eps_W, eps_b, y_train, y_hat, sample_count)


def author_gradients(mus_W, rhos_W, mus_b, rhos_b, x_train, y_train):
	"""the author's mu_grad and rho_grad for the weight matrices (the reference); the bias
	distributions are held fixed by the case"""
	eps_W, eps_b = get_eps(layer_sizes)
	W, b, sigmas_W, sigmas_b = get_params(mus_W, rhos_W, mus_b, rhos_b, eps_W, eps_b)
	y_hat, z, a = forward_pass(x_train, W, b)
	gW, gB = W_grad_log_likelihood(W, b, z, a, y_train, y_hat, x_train)
	return mu_grad(gW, W, sample_count), rho_grad(gW, W, rhos_W, sigmas_W, eps_W, sample_count)


def distributions():
	rs = np.random.RandomState(11)
	mus_W = [rs.normal(0, 0.5, s[0]) for s in layer_sizes]
	rhos_W = [rs.normal(-1, 0.1, s[0]) for s in layer_sizes]
	mus_b = [rs.uniform(-0.1, 0.1, s[1]) for s in layer_sizes]
	rhos_b = [rs.uniform(-1.1, -0.9, s[1]) for s in layer_sizes]
	return mus_W, rhos_W, mus_b, rhos_b


def one_sample():
	return np.array([[0.3]]), np.array([[0.55]])


def free_energy_of_weights(mus_W, rhos_W):
	"""test wrapper: the free energy w.r.t. the weight distributions only (the author's
	gradients are for those)"""
	_, _, mus_b, rhos_b = distributions()
	return free_energy(mus_W, rhos_W, mus_b, rhos_b, *one_sample())


def reference_weights(mus_W, rhos_W):
	np.random.seed(2)
	_, _, mus_b, rhos_b = distributions()
	g_mus, g_rhos = author_gradients(mus_W, rhos_W, mus_b, rhos_b, *one_sample())
	return np.concatenate([g.ravel() for g in g_mus + g_rhos])


CASES = [
	dict(name="free_energy", function=free_energy, wrt=(0, 1, 2, 3), seed=2,
	     args=lambda: (*distributions(), *one_sample())),
	dict(name="free_energy_weights", function=free_energy_of_weights, wrt=(0, 1), seed=2,
	     args=lambda: distributions()[:2], reference=reference_weights),
]
