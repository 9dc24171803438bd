# Ported from AtsushiSakai/PythonRobotics, ArmNavigation/n_joint_arm_to_point_control/n_joint_arm_to_point_control.py (Daniel Ingram, Atsushi Sakai; MIT licence; https://github.com/AtsushiSakai/PythonRobotics/blob/master/ArmNavigation/n_joint_arm_to_point_control/n_joint_arm_to_point_control.py): `forward_kinematics` (`x = y = 0`, `x += link_lengths[i - 1] * np.cos(np.sum(joint_angles[:i]))` over `range(1, N_LINKS + 1)`, `np.array([x, y]).T`), `jacobian_inverse` (the author's hand-written Jacobian filled by `J[0, i] -= ...` in nested loops, then `np.linalg.pinv(J)`), `inverse_kinematics` (`for iteration in range(N_ITERATIONS)` returning from inside the loop once `distance < 0.1`, `print("Solution found in %d iterations." % iteration)`, `np.matmul(J, errors)`), `distance_to_goal` (a tuple return) and `ang_diff` (`(theta1 - theta2 + np.pi) % (2 * np.pi) - np.pi`), and the animation's proportional controller step `joint_angles + Kp * ang_diff(joint_goal_angles, joint_angles) * dt`, verbatim but for one change: `np.math.sqrt` (removed in NumPy 2) as `math.sqrt`. The `NLinkArm` plotting class and the state machine of `main`/`animation` are left out. N_LINKS is 4 (10 in the original). The author's Jacobian is not the derivative of `forward_kinematics`: it sums `joint_angles[:j]` where link j's angle is `np.sum(joint_angles[:j + 1])` (so it is no reference here; the iteration still converges, more slowly): the compiled Jacobian agrees with finite differences.
import math

import numpy as np

# Simulation parameters
Kp = 2
dt = 0.1
N_LINKS = 4
N_ITERATIONS = 10000


def inverse_kinematics(link_lengths, joint_angles, goal_pos):
    """
    Calculates the inverse kinematics using the Jacobian inverse method.
    """
    for iteration in range(N_ITERATIONS):
        current_pos = forward_kinematics(link_lengths, joint_angles)
        errors, distance = distance_to_goal(current_pos, goal_pos)
        if distance < 0.1:
            print("Solution found in %d iterations." % iteration)
            return joint_angles, True
        J = jacobian_inverse(link_lengths, joint_angles)
        joint_angles = joint_angles + np.matmul(J, errors)
    return joint_angles, False


def forward_kinematics(link_lengths, joint_angles):
    x = y = 0
    for i in range(1, N_LINKS + 1):
        x += link_lengths[i - 1] * np.cos(np.sum(joint_angles[:i]))
        y += link_lengths[i - 1] * np.sin(np.sum(joint_angles[:i]))
    return np.array([x, y]).T


def jacobian_inverse(link_lengths, joint_angles):
    J = np.zeros((2, N_LINKS))
    for i in range(N_LINKS):
        J[0, i] = 0
        J[1, i] = 0
        for j in range(i, N_LINKS):
            J[0, i] -= link_lengths[j] * np.sin(np.sum(joint_angles[:j]))
            J[1, i] += link_lengths[j] * np.cos(np.sum(joint_angles[:j]))

    return np.linalg.pinv(J)


def distance_to_goal(current_pos, goal_pos):
    x_diff = goal_pos[0] - current_pos[0]
    y_diff = goal_pos[1] - current_pos[1]
    return np.array([x_diff, y_diff]).T, math.sqrt(x_diff**2 + y_diff**2)


def ang_diff(theta1, theta2):
    """
    Returns the difference between two angles in the range -pi to +pi
    """
    return (theta1 - theta2 + np.pi) % (2 * np.pi) - np.pi


# ---- test wrappers

LINKS = [1] * N_LINKS


def end_effector(joint_angles):
    return forward_kinematics(LINKS, joint_angles)


def solved_angles_cost(goal_pos, joint_angles):
    # the joint angles inverse_kinematics settles on, as a function of the goal (a smooth summary)
    joint_goal_angles, solution_found = inverse_kinematics(LINKS, joint_angles, goal_pos)
    return np.sum(np.cos(joint_goal_angles)) + np.sum(joint_goal_angles ** 2)


def controller_distance(joint_goal_angles, joint_angles):
    # five steps of the animation's proportional controller, then the distance to where the goal
    # angles put the end effector
    goal_pos = forward_kinematics(LINKS, joint_goal_angles)
    for _ in range(5):
        joint_angles = joint_angles + Kp * \
            ang_diff(joint_goal_angles, joint_angles) * dt
    errors, distance = distance_to_goal(forward_kinematics(LINKS, joint_angles), goal_pos)
    return distance


CASES = [
    dict(name="end_effector", function=end_effector, args=lambda: (np.array([0.3, -0.5, 0.8, 0.2]),),
         kind="jacobian"),
    dict(name="inverse_kinematics", function=solved_angles_cost,
         args=lambda: (np.array([2.0, 1.0]), np.array([0.3, 0.3, 0.3, 0.3]))),
    dict(name="controller", function=controller_distance,
         args=lambda: (np.array([0.9, -0.4, 0.6, 0.1]), np.array([0.1, 0.2, 0.3, 0.4])), wrt=(0, 1)),
]
