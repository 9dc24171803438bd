# Written for this corpus (p11) in the style of sublee's `glicko2.py` (Glickman's Glicko-2 example implementation): a `Player` class with name-mangled attributes (`self.__rating`, `self.__rd`) behind `getRating`/`setRating` and `property(...)`, a class attribute `_tau`, `update_player(rating_list, RD_list, outcome_list)` converting lists in place in comprehensions, `_v`, `_delta` and `_E` helpers looping over `range(len(...))`, the volatility by the Illinois algorithm in `while math.fabs(B - A) > epsilon` (with an inner `while` bracketing loop), and `did_not_compete`. Differentiated: the new rating in the opponents' ratings, the new volatility in the player's rating deviation, and a season of rating periods in the starting rating.
import math

import numpy as np


class Player:
    # Class attribute
    # The system constant, which constrains
    # the change in volatility over time.
    _tau = 0.5

    def getRating(self):
        return (self.__rating * 173.7178) + 1500

    def setRating(self, rating):
        self.__rating = (rating - 1500) / 173.7178

    rating = property(getRating, setRating)

    def getRd(self):
        return self.__rd * 173.7178

    def setRd(self, rd):
        self.__rd = rd / 173.7178

    rd = property(getRd, setRd)

    def __init__(self, rating=1500, rd=350, vol=0.06):
        # For testing purposes, preload the values
        # assigned to an unrated player.
        self.setRating(rating)
        self.setRd(rd)
        self.vol = vol

    def _preRatingRD(self):
        """ Calculates and updates the player's rating deviation for the
        beginning of a rating period.
        """
        self.__rd = math.sqrt(math.pow(self.__rd, 2) + math.pow(self.vol, 2))

    def update_player(self, rating_list, RD_list, outcome_list):
        """ Calculates the new rating and rating deviation of the player.
        update_player(list[int], list[int], list[bool]) -> None
        """
        # Convert the rating and rating deviation values for internal use.
        rating_list = [(x - 1500) / 173.7178 for x in rating_list]
        RD_list = [x / 173.7178 for x in RD_list]

        v = self._v(rating_list, RD_list)
        self.vol = self._newVol(rating_list, RD_list, outcome_list, v)
        self._preRatingRD()

        self.__rd = 1 / math.sqrt((1 / math.pow(self.__rd, 2)) + (1 / v))

        tempSum = 0
        for i in range(len(rating_list)):
            tempSum += self._g(RD_list[i]) * \
                       (outcome_list[i] - self._E(rating_list[i], RD_list[i]))
        self.__rating += math.pow(self.__rd, 2) * tempSum

    def _newVol(self, rating_list, RD_list, outcome_list, v):
        """ Calculating the new volatility as per the Glicko2 system.
        Updated for Feb 22, 2012 revision. -Leo
        _newVol(list, list, list, float) -> float
        """
        # step 1
        a = math.log(self.vol ** 2)
        eps = 0.000001
        A = a

        # step 2
        B = None
        delta = self._delta(rating_list, RD_list, outcome_list, v)
        tau = self._tau
        if (delta ** 2) > ((self.__rd ** 2) + v):
            B = math.log(delta ** 2 - self.__rd ** 2 - v)
        else:
            k = 1
            while self._f(a - k * math.sqrt(tau ** 2), delta, v, a) < 0:
                k = k + 1
            B = a - k * math.sqrt(tau ** 2)

        # step 3
        fA = self._f(A, delta, v, a)
        fB = self._f(B, delta, v, a)

        # step 4
        while math.fabs(B - A) > eps:
            # a
            C = A + ((A - B) * fA) / (fB - fA)
            fC = self._f(C, delta, v, a)
            # b
            if fC * fB <= 0:
                A = B
                fA = fB
            else:
                fA = fA / 2.0
            # c
            B = C
            fB = fC

        # step 5
        return math.exp(A / 2)

    def _f(self, x, delta, v, a):
        ex = math.exp(x)
        num1 = ex * (delta ** 2 - self.__rating ** 2 - v - ex)
        denom1 = 2 * ((self.__rating ** 2 + v + ex) ** 2)
        return (num1 / denom1) - ((x - a) / (self._tau ** 2))

    def _delta(self, rating_list, RD_list, outcome_list, v):
        """ The delta function of the Glicko2 system.
        _delta(list, list, list) -> float
        """
        tempSum = 0
        for i in range(len(rating_list)):
            tempSum += self._g(RD_list[i]) * (outcome_list[i] - self._E(rating_list[i], RD_list[i]))
        return v * tempSum

    def _v(self, rating_list, RD_list):
        """ The v function of the Glicko2 system.
        _v(list[int], list[int]) -> float
        """
        tempSum = 0
        for i in range(len(rating_list)):
            tempE = self._E(rating_list[i], RD_list[i])
            tempSum += math.pow(self._g(RD_list[i]), 2) * tempE * (1 - tempE)
        return 1 / tempSum

    def _E(self, p2rating, p2RD):
        """ The Glicko E function.
        _E(int) -> float
        """
        return 1 / (1 + math.exp(-1 * self._g(p2RD) * (self.__rating - p2rating)))

    def _g(self, RD):
        """ The Glicko2 g(RD) function.
        _g() -> float
        """
        return 1 / math.sqrt(1 + 3 * math.pow(RD, 2) / math.pow(math.pi, 2))

    def did_not_compete(self):
        """ Applies Step 6 of the algorithm. Use this for
        players who did not compete in the rating period.
        did_not_compete() -> None
        """
        self._preRatingRD()


# Glickman's worked example: a 1500 player (RD 200) plays 1400 (RD 30), 1550 (100), 1700 (300).
OPPONENTS = np.array([1400.0, 1550.0, 1700.0])
OPPONENT_RDS = [30, 100, 300]
OUTCOMES = [1, 0, 0]


def new_rating(opponent_ratings):
    player = Player(rating=1500, rd=200)
    player.update_player(list(opponent_ratings), OPPONENT_RDS, OUTCOMES)
    return player.rating


def new_volatility(rd):
    player = Player(rd=rd)
    player.update_player([1400, 1550, 1700], OPPONENT_RDS, OUTCOMES)
    return player.vol * 1000


SEASON = [([1450.0, 1620.0], [80, 60], [1, 0]), None, ([1380.0, 1500.0, 1710.0], [40, 90, 150], [1, 1, 0])]


def season_rating(start_rating):
    player = Player(rating=start_rating, rd=120, vol=0.05)
    history = []
    for period in SEASON:
        if period is None:
            player.did_not_compete()
        else:
            ratings, rds, outcomes = period
            player.update_player(ratings, rds, outcomes)
        history.append(player.rating)
    return history[-1] + 0.1 * player.rd


CASES = [
    dict(name="new_rating", function=new_rating, args=lambda: (OPPONENTS.copy(),)),
    dict(name="new_volatility", function=new_volatility, args=lambda: (200.0,)),
    dict(name="season_rating", function=season_rating, args=lambda: (1530.0,)),
]
