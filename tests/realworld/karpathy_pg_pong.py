# Ported from karpathy's gist a4166c7fe253700972fcbc77e4ea32c5, pg-pong.py ("Training a Neural Network ATARI Pong agent with Policy Gradients from raw pixels"): `sigmoid`, `prepro`, `discount_rewards`, `policy_forward` over the global `model` dict.
import numpy as np

# hyperparameters
H = 8 # number of hidden layer neurons
gamma = 0.99 # discount factor for reward
D = 10 * 10 # input dimensionality: 10x10 grid

model = {}
rs = np.random.RandomState(0)
model['W1'] = rs.randn(H,D) / np.sqrt(D) # "Xavier" initialization
model['W2'] = rs.randn(H) / np.sqrt(H)

def sigmoid(x):
  return 1.0 / (1.0 + np.exp(-x)) # sigmoid "squashing" function to interval [0,1]

def prepro(I):
  """ prepro 40x40x3 uint8 frame into 100 (10x10) 1D float vector """
  I = I[0:40] # crop
  I = I[::4,::4,0] # downsample by factor of 4
  I[I == 144] = 0 # erase background (background type 1)
  I[I == 109] = 0 # erase background (background type 2)
  I[I != 0] = 1 # everything else (paddles, ball) just set to 1
  return I.astype(np.float64).ravel()

def discount_rewards(r):
  """ take 1D float array of rewards and compute discounted reward """
  discounted_r = np.zeros_like(r)
  running_add = 0
  for t in reversed(range(0, r.size)):
    if r[t] != 0: running_add = 0 # reset the sum, since this was a game boundary (pong specific!)
    running_add = running_add * gamma + r[t]
    discounted_r[t] = running_add
  return discounted_r

def policy_forward(x):
  h = np.dot(model['W1'], x)
  h[h<0] = 0 # ReLU nonlinearity
  logp = np.dot(model['W2'], h)
  p = sigmoid(logp)
  return p, h # return probability of taking action 2, and hidden state


def log_policy(x, y):
  # test wrapper: the log-likelihood whose gradient the agent follows (y is the fake label)
  aprob, h = policy_forward(x)
  return y * np.log(aprob) + (1 - y) * np.log(1 - aprob)


def observation():
  frame = np.random.RandomState(4).randint(0, 256, size=(44, 40, 3)).astype(np.uint8)
  x = prepro(frame)
  return x * np.random.RandomState(5).uniform(0.5, 1.5, size=x.size)


CASES = [
    dict(name="log_policy", function=log_policy, args=lambda: (observation(), 1.0)),
]
