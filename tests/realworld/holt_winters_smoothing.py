# Written for this corpus (p2) in the style of forecasting tutorials (Hyndman & Athanasopoulos' additive Holt-Winters equations, as coded in the well-known "Holt-Winters in pure Python" blog post by Grisha Trubetskoy): `initial_trend` and `initial_seasonal_components` helpers, a `result` list appended step by step, `seasonals[i % slen]` updated in a dict, and the SSE of one-step forecasts to fit alpha, beta, gamma.
import numpy as np

SERIES = [30, 21, 29, 31, 40, 48, 53, 47, 37, 39, 31, 29, 17, 9, 20, 24, 27, 35, 41, 38,
          27, 31, 27, 26, 21, 13, 21, 18, 33, 35, 40, 36, 22, 24, 21, 20, 17, 14, 17, 19,
          26, 29, 40, 31, 20, 24, 18, 26, 17, 9, 17, 21, 28, 32, 46, 33, 23, 28, 22, 27]


def initial_trend(series, slen):
    sum = 0.0
    for i in range(slen):
        sum += float(series[i + slen] - series[i]) / slen
    return sum / slen


def initial_seasonal_components(series, slen):
    seasonals = {}
    season_averages = []
    n_seasons = int(len(series) / slen)
    # compute season averages
    for j in range(n_seasons):
        season_averages.append(sum(series[slen * j:slen * j + slen]) / float(slen))
    # compute initial values
    for i in range(slen):
        sum_of_vals_over_avg = 0.0
        for j in range(n_seasons):
            sum_of_vals_over_avg += series[slen * j + i] - season_averages[j]
        seasonals[i] = sum_of_vals_over_avg / n_seasons
    return seasonals


def triple_exponential_smoothing(series, slen, alpha, beta, gamma, n_preds):
    result = []
    seasonals = initial_seasonal_components(series, slen)
    for i in range(len(series) + n_preds):
        if i == 0:  # initial values
            smooth = series[0]
            trend = initial_trend(series, slen)
            result.append(series[0])
            continue
        if i >= len(series):  # we are forecasting
            m = i - len(series) + 1
            result.append((smooth + m * trend) + seasonals[i % slen])
        else:
            val = series[i]
            last_smooth, smooth = smooth, alpha * (val - seasonals[i % slen]) + (1 - alpha) * (smooth + trend)
            trend = beta * (smooth - last_smooth) + (1 - beta) * trend
            seasonals[i % slen] = gamma * (val - smooth) + (1 - gamma) * seasonals[i % slen]
            result.append(smooth + trend + seasonals[i % slen])
    return result


def sse(params, series=SERIES, slen=12):
    """Test wrapper: the in-sample squared error of the fitted values, as a fitter minimises it."""
    alpha, beta, gamma = params
    fitted = triple_exponential_smoothing(series, slen, alpha, beta, gamma, 0)
    return sum((a - b) ** 2 for a, b in zip(series[1:], fitted[:-1]))


def forecast_sum(params, series):
    alpha, beta, gamma = params
    return np.sum(np.array(triple_exponential_smoothing(list(series), 12, alpha, beta, gamma, 6))[-6:])


CASES = [
    dict(name="sse", function=sse, args=lambda: (np.array([0.716, 0.029, 0.993]),)),
    dict(name="forecast_in_series", function=forecast_sum,
         args=lambda: (np.array([0.5, 0.1, 0.3]), np.array(SERIES[:36], dtype=float)), wrt=(0, 1)),
]
