# Ported from ShangtongZhang/reinforcement-learning-an-introduction, chapter12/random_walk.py (Sutton & Barto's 19-state random walk with lambda-return methods; https://github.com/ShangtongZhang/reinforcement-learning-an-introduction/blob/master/chapter12/random_walk.py; licence: "Permission given to modify the code as long as you keep this declaration at the top", kept below): the `ValueFunction` base class and its subclasses `OffLineLambdaReturn` (`self.trajectory.append(state)`, `if state in END_STATES`, `min(time + n, self.T)`, the lambda-return loop with `break` once `lambda_power < self.rate_truncate`, `returns *= 1 - self.rate`), `TemporalDifferenceLambda` (the eligibility trace `self.eligibility *= self.rate`, `self.eligibility[self.last_state] += 1`, `self.weights += delta * self.eligibility`) and `TrueOnlineTemporalDifferenceLambda` (the dutch trace), `random_walk(value_function)` (`while state not in END_STATES`, `np.random.choice([-1, 1])`), and `parameter_sweep`'s RMS error `np.sqrt(np.mean(np.power(stateValues - TRUE_VALUE[1: -1], 2)))` over a comprehension of `valueFunction.value(state)`, verbatim; matplotlib and tqdm left out. The derivatives are those of the error after a few episodes w.r.t. the step size alpha and the trace decay lambda (the plots' axes), the walks drawn with a fixed seed.
#######################################################################
# Copyright (C)                                                       #
# 2016-2018 Shangtong Zhang(zhangshangtong.cpp@gmail.com)             #
# 2016 Kenta Shimada(hyperkentakun@gmail.com)                         #
# Permission given to modify the code as long as you keep this        #
# declaration at the top                                              #
#######################################################################

import numpy as np

# all states
N_STATES = 19

# all states but terminal states
STATES = np.arange(1, N_STATES + 1)

# start from the middle state
START_STATE = 10

# two terminal states
# an action leading to the left terminal state has reward -1
# an action leading to the right terminal state has reward 1
END_STATES = [0, N_STATES + 1]

# true state values from Bellman equation
TRUE_VALUE = np.arange(-20, 22, 2) / 20.0
TRUE_VALUE[0] = TRUE_VALUE[N_STATES + 1] = 0.0

# base class for lambda-based algorithms in this chapter
# In this example, we use the simplest linear feature function, state aggregation.
# And we use exact 19 groups, so the weights for each group is exact the value for that state
class ValueFunction:
    # @rate: lambda, as it's a keyword in python, so I call it rate
    # @stepSize: alpha, step size for update
    def __init__(self, rate, step_size):
        self.rate = rate
        self.step_size = step_size
        self.weights = np.zeros(N_STATES + 2)

    # the state value is just the weight
    def value(self, state):
        return self.weights[state]

    # feed the algorithm with new observation
    # derived class should override this function
    def learn(self, state, reward):
        return

    # initialize some variables at the beginning of each episode
    # must be called at the very beginning of each episode
    # derived class should override this function
    def new_episode(self):
        return

# Off-line lambda-return algorithm
class OffLineLambdaReturn(ValueFunction):
    def __init__(self, rate, step_size):
        ValueFunction.__init__(self, rate, step_size)
        # To accelerate learning, set a truncate value for power of lambda
        self.rate_truncate = 1e-3

    def new_episode(self):
        # initialize the trajectory
        self.trajectory = [START_STATE]
        # only need to track the last reward in one episode, as all others are 0
        self.reward = 0.0

    def learn(self, state, reward):
        # add the new state to the trajectory
        self.trajectory.append(state)
        if state in END_STATES:
            # start off-line learning once the episode ends
            self.reward = reward
            self.T = len(self.trajectory) - 1
            self.off_line_learn()

    # get the n-step return from the given time
    def n_step_return_from_time(self, n, time):
        # gamma is always 1 and rewards are zero except for the last reward
        # the formula can be simplified
        end_time = min(time + n, self.T)
        returns = self.value(self.trajectory[end_time])
        if end_time == self.T:
            returns += self.reward
        return returns

    # get the lambda-return from the given time
    def lambda_return_from_time(self, time):
        returns = 0.0
        lambda_power = 1
        for n in range(1, self.T - time):
            returns += lambda_power * self.n_step_return_from_time(n, time)
            lambda_power *= self.rate
            if lambda_power < self.rate_truncate:
                # If the power of lambda has been too small, discard all the following sequences
                break
        returns *= 1 - self.rate
        if lambda_power >= self.rate_truncate:
            returns += lambda_power * self.reward
        return returns

    # perform off-line learning at the end of an episode
    def off_line_learn(self):
        for time in range(self.T):
            # update for each state in the trajectory
            state = self.trajectory[time]
            delta = self.lambda_return_from_time(time) - self.value(state)
            delta *= self.step_size
            self.weights[state] += delta

# TD(lambda) algorithm
class TemporalDifferenceLambda(ValueFunction):
    def __init__(self, rate, step_size):
        ValueFunction.__init__(self, rate, step_size)
        self.new_episode()

    def new_episode(self):
        # initialize the eligibility trace
        self.eligibility = np.zeros(N_STATES + 2)
        # initialize the beginning state
        self.last_state = START_STATE

    def learn(self, state, reward):
        # update the eligibility trace and weights
        self.eligibility *= self.rate
        self.eligibility[self.last_state] += 1
        delta = reward + self.value(state) - self.value(self.last_state)
        delta *= self.step_size
        self.weights += delta * self.eligibility
        self.last_state = state

# True online TD(lambda) algorithm
class TrueOnlineTemporalDifferenceLambda(ValueFunction):
    def __init__(self, rate, step_size):
        ValueFunction.__init__(self, rate, step_size)

    def new_episode(self):
        # initialize the eligibility trace
        self.eligibility = np.zeros(N_STATES + 2)
        # initialize the beginning state
        self.last_state = START_STATE
        # initialize the old state value
        self.old_state_value = 0.0

    def learn(self, state, reward):
        # update the eligibility trace and weights
        last_state_value = self.value(self.last_state)
        state_value = self.value(state)
        dutch = 1 - self.step_size * self.rate * self.eligibility[self.last_state]
        self.eligibility *= self.rate
        self.eligibility[self.last_state] += dutch
        delta = reward + state_value - last_state_value
        self.weights += self.step_size * (delta + last_state_value - self.old_state_value) * self.eligibility
        self.weights[self.last_state] -= self.step_size * (last_state_value - self.old_state_value)
        self.old_state_value = state_value
        self.last_state = state

# 19-state random walk
def random_walk(value_function):
    value_function.new_episode()
    state = START_STATE
    while state not in END_STATES:
        next_state = state + np.random.choice([-1, 1])
        if next_state == 0:
            reward = -1
        elif next_state == N_STATES + 1:
            reward = 1
        else:
            reward = 0
        value_function.learn(next_state, reward)
        state = next_state


# ---- test wrappers: one run of parameter_sweep's inner loop (a value function made by the
# generator, `episodes` walks, the RMS error after each), summed over the episodes

def rms_error_after_episodes(rate, alpha, value_function_generator, episodes=2):
    error = 0.0
    valueFunction = value_function_generator(rate, alpha)
    for episode in range(episodes):
        random_walk(valueFunction)
        stateValues = [valueFunction.value(state) for state in STATES]
        error += np.sqrt(np.mean(np.power(stateValues - TRUE_VALUE[1: -1], 2)))
    return error


def td_lambda_error(rate, alpha):
    return rms_error_after_episodes(rate, alpha, TemporalDifferenceLambda)


def true_online_error(rate, alpha):
    return rms_error_after_episodes(rate, alpha, TrueOnlineTemporalDifferenceLambda)


def offline_lambda_return_error(rate, alpha):
    return rms_error_after_episodes(rate, alpha, OffLineLambdaReturn)


CASES = [
    dict(name="td_lambda", function=td_lambda_error, args=lambda: (0.8, 0.3), wrt=(0, 1), seed=5),
    dict(name="true_online", function=true_online_error, args=lambda: (0.8, 0.3), wrt=(0, 1), seed=5),
    dict(name="offline_lambda_return", function=offline_lambda_return_error, args=lambda: (0.8, 0.3),
         wrt=(0, 1), seed=5),
]
