# Ported from dongwang218/classes, cs373/path_smoothing.py (a solution to Udacity CS373 "Artificial Intelligence for Robotics", Sebastian Thrun, unit 5 "path smoothing"; https://github.com/dongwang218/classes/blob/master/cs373/path_smoothing.py): `smooth` runs gradient descent on a path given as a list of [x, y] lists, `deepcopy(path)`, a `while change > tolerance:` loop updating `newpath[i][0] += vx` in place, builtin `abs`. The Python 2 `printpaths` (a `print` statement) is left out.
from copy import deepcopy

# Don't modify path inside your function.
path = [[0, 0],
        [0, 1],
        [0, 2],
        [1, 2],
        [2, 2],
        [3, 2],
        [4, 2],
        [4, 3],
        [4, 4]]

def smooth(path, weight_data = 0.5, weight_smooth = 0.1, tolerance = 0.000001):

    # Make a deep copy of path into newpath
    newpath = deepcopy(path)

    #######################
    ### ENTER CODE HERE ###
    #######################
    change = 1e6
    while change > tolerance:
      change = 0
      for i in range(1, len(path)-1):
        vx = weight_smooth * (newpath[i-1][0] + newpath[i+1][0] - 2*newpath[i][0])
        vy = weight_smooth * (newpath[i-1][1] + newpath[i+1][1] - 2*newpath[i][1])
        vx += weight_data * (path[i][0] - newpath[i][0])
        vy += weight_data * (path[i][1] - newpath[i][1])
        change += abs(vx) + abs(vy)
        newpath[i][0] += vx
        newpath[i][1] += vy
    return newpath # Leave this line for the grader!


def corner_cut(path, weight_data, weight_smooth):
    # test wrapper: how far the smoothed path's middle points moved from the corners it cuts
    newpath = smooth(path, weight_data, weight_smooth, 0.001)
    return sum((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 for p, q in zip(newpath, path))


def float_path():
    return [[float(x), float(y)] for x, y in path]


CASES = [
    dict(name="weights", function=corner_cut, args=lambda: (float_path(), 0.5, 0.1), wrt=(1, 2)),
    dict(name="waypoints", function=corner_cut, args=lambda: (float_path(), 0.5, 0.1), wrt=(0,)),
]
