# Ported from Sam Kirkiles, "REINFORCE Policy Gradients From Scratch In Numpy" (Medium, 2018; https://medium.com/samkirkiles/reinforce-policy-gradients-from-scratch-in-numpy-6a09ae0dfe12), as copied with that attribution in public course repositories: the linear softmax policy `policy(state, w)` (`state.dot(w)`, `exp/np.sum(exp)`), the vectorised softmax Jacobian `softmax_grad(softmax)` (`np.diagflat(s) - np.dot(s, s.T)`), and the episode's update — the author's hand-written gradient of log pi(a|s), `dsoftmax = softmax_grad(probs)[action,:]`, `dlog = dsoftmax / probs[0,action]`, `grad = state.T.dot(dlog[None,:])`, summed with discounted returns `sum([ r * (GAMMA ** r) for t,r in enumerate(rewards[i:])])` (the author's expression, kept). CartPole (gym) is replaced by a recorded episode: its states, the actions taken and the rewards, drawn once with a fixed seed.
import numpy as np

GAMMA = 0.99

# Our policy that maps state to action parameterized by w
def policy(state,w):
	z = state.dot(w)
	exp = np.exp(z)
	return exp/np.sum(exp)

# Vectorized softmax Jacobian
def softmax_grad(softmax):
    s = softmax.reshape(-1,1)
    return np.diagflat(s) - np.dot(s, s.T)


# ---- test wrappers: the REINFORCE surrogate whose gradient the author's loop accumulates,
# sum_t log pi(a_t | s_t) * G_t, for the recorded episode; the author's own gradient is the reference

def episode_returns(rewards):
	return [sum([ r * (GAMMA ** r) for t,r in enumerate(rewards[i:])]) for i in range(len(rewards))]


def surrogate(w, states, actions, rewards):
	G = episode_returns(rewards)
	total = 0.0
	for i in range(len(states)):
		state = states[i][None,:]
		probs = policy(state,w)
		total += np.log(probs[0,actions[i]]) * G[i]
	return total


def authors_gradient(w, states, actions, rewards):
	grads = []
	for i in range(len(states)):
		state = states[i][None,:]
		probs = policy(state,w)
		action = actions[i]
		# Compute gradient and save with reward in memory for our weight updates
		dsoftmax = softmax_grad(probs)[action,:]
		dlog = dsoftmax / probs[0,action]
		grad = state.T.dot(dlog[None,:])
		grads.append(grad)
	update = np.zeros_like(w)
	for i in range(len(grads)):
		# Loop through everything that happend in the episode and update towards the log policy gradient times **FUTURE** reward
		update += grads[i] * sum([ r * (GAMMA ** r) for t,r in enumerate(rewards[i:])])
	return update


def episode():
	rng = np.random.RandomState(1)
	w = rng.rand(4, 2)              # Init weight, as the author does
	states = rng.randn(7, 4) * 0.1
	actions = rng.randint(0, 2, size=7)
	rewards = [1.0] * 7
	return w, states, actions, rewards


CASES = [
	dict(name="surrogate", function=surrogate, args=episode, reference=authors_gradient),
]
