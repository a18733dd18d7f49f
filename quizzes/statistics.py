"""Quiz statistics, after Moodle's statistics report: plain functions over plain data (no ORM), fed one attempt at
a time so that memory does not grow with the number of attempts (only running sums and counts are kept).

Notation: n attempts; x_i an attempt's score on question i (out of its points m_i); T = Σ x_i the attempt's total
(out of M). Sample moments use n − 1 (as Moodle does). Sources: Moodle developer docs, "Quiz statistics
calculations" (docs.moodle.org/dev/Quiz_statistics_calculations); Cronbach (1951) Psychometrika 16:297; Kuder and
Richardson (1937) Psychometrika 2:151; Joanes and Gill (1998) The Statistician 47:183 (skewness G1).

Per question (over the attempts that showed it):
- facility index F_i = 100 · mean(x_i) / m_i, the mean score as a percent of its points;
- standard deviation SD_i = 100 · sd(x_i) / m_i, with sd the sample SD (n − 1);
- discrimination index D_i = 100 · r(x_i, T − x_i), the Pearson correlation of the question's score with the rest
  of the test: cov(x, T − x) = cov(x, T) − var(x), var(T − x) = var(T) − 2 cov(x, T) + var(x); none when either
  variance is 0 or n < 2;
- for choice and matching questions, how many attempts picked each option (or pair).
For the quiz (totals as percents of M):
- attempts n, mean, median, standard deviation sd(T) (n − 1);
- skewness G1 = √(n(n − 1)) / (n − 2) · m3 / m2^{3/2}, m_k the k-th central moment with 1/n (n ≥ 3, m2 > 0);
- Cronbach's alpha α = k/(k − 1) · (1 − Σ var(x_i) / var(T)) over the k questions (when every attempt showed the
  same k ≥ 2 questions and var(T) > 0); for right/wrong questions (each x_i is 0 or m_i) this is KR-20, since
  var(x_i)/m_i² = p_i q_i;
- standard error of measurement SEM = sd(T) · √(1 − α), in percent of M;
- a histogram of the totals in ten bands of ten percent (100 % in the last).
Attempts still waiting for an essay to be marked are counted apart and left out: their totals are not known."""

import math
from collections import Counter
from dataclasses import dataclass, field

HISTOGRAM_BANDS = 10


@dataclass
class _Sums:
    """Running sums over the attempts that showed a question: of its score x and the total T (both in percent of
    the test's maximum, so that they add up), and of its score as a fraction f of its own points."""

    n: int = 0
    x: float = 0.0
    xx: float = 0.0
    t: float = 0.0
    tt: float = 0.0
    xt: float = 0.0
    f: float = 0.0
    ff: float = 0.0
    picks: Counter = field(default_factory=Counter)

    def add(self, x: float, total: float, fraction: float) -> None:
        self.n += 1
        self.x, self.xx = self.x + x, self.xx + x * x
        self.t, self.tt, self.xt = self.t + total, self.tt + total * total, self.xt + x * total
        self.f, self.ff = self.f + fraction, self.ff + fraction * fraction


def _variance(n: int, s: float, ss: float) -> float | None:
    """Sample variance (n − 1) from the sum and the sum of squares; rounding below 0 is read as 0."""
    if n < 2:
        return None
    return max(0.0, (ss - s * s / n) / (n - 1))


class Accumulator:
    """Statistics of a quiz, fed attempt by attempt: `add(total, max_total, scores, picks)`, then `result()`.

    `scores`: question id → score for every question the attempt showed (0 when unanswered); `picks`: question id →
    the option keys the attempt chose (choice and matching questions only). `points`: question id → its points."""

    def __init__(self, points: dict[int, float]):
        self.points = points
        self.items: dict[int, _Sums] = {}
        self.n, self.t, self.tt = 0, 0.0, 0.0
        self.t3 = 0.0
        self.percents: Counter = Counter()  # a total's percent (to 0.01) → how many: bounded by the scores possible
        self.shown: set[frozenset] = set()  # the different sets of questions shown (one, unless drawn at random)
        self.awaiting = 0

    def add(self, total: float, max_total: float, scores: dict[int, float], picks: dict[int, list] | None = None):
        percent = 100.0 * total / max_total if max_total else 0.0
        self.n += 1
        self.t, self.tt, self.t3 = self.t + percent, self.tt + percent**2, self.t3 + percent**3
        self.percents[round(percent, 2)] += 1
        if len(self.shown) < 2:
            self.shown.add(frozenset(scores))
        for qid, score in scores.items():
            sums = self.items.setdefault(qid, _Sums())
            worth = self.points.get(qid) or 0.0
            sums.add(100.0 * score / max_total if max_total else 0.0, percent, score / worth if worth else 0.0)
            for key in (picks or {}).get(qid, []):
                sums.picks[key] += 1

    def wait(self) -> None:
        """An attempt waiting for an essay to be marked: counted, not used."""
        self.awaiting += 1

    def result(self) -> dict:
        return {
            "attempts": self.n,
            "awaiting_marking": self.awaiting,
            **self._totals(),
            "histogram": self._histogram(),
            "questions": {qid: self._question(qid, sums) for qid, sums in self.items.items()},
        }

    def _totals(self) -> dict:
        n = self.n
        var_t = _variance(n, self.t, self.tt)
        mean = self.t / n if n else None
        alpha = self._alpha(var_t)
        sd = math.sqrt(var_t) if var_t is not None else None
        return {
            "mean": mean,
            "median": _median(self.percents, n),
            "sd": sd,
            "skewness": self._skewness(mean),
            "alpha": alpha,
            "sem": sd * math.sqrt(1 - alpha) if sd is not None and alpha is not None and alpha <= 1 else None,
        }

    def _histogram(self) -> list[dict]:
        bands = [0] * HISTOGRAM_BANDS
        width = 100 // HISTOGRAM_BANDS
        for percent, count in self.percents.items():
            bands[min(HISTOGRAM_BANDS - 1, max(0, int(percent // width)))] += count
        return [{"low": i * width, "high": (i + 1) * width, "count": c} for i, c in enumerate(bands)]

    def _skewness(self, mean: float | None) -> float | None:
        n = self.n
        if n < 3 or mean is None:
            return None
        m2 = self.tt / n - mean**2
        m3 = self.t3 / n - 3 * mean * self.tt / n + 2 * mean**3
        if m2 <= 1e-9:
            return None
        return math.sqrt(n * (n - 1)) / (n - 2) * m3 / m2**1.5

    def _alpha(self, var_t: float | None) -> float | None:
        k = len(self.items)
        if len(self.shown) != 1 or k < 2 or not var_t or var_t <= 1e-9:
            return None
        item_vars = [_variance(s.n, s.x, s.xx) or 0.0 for s in self.items.values()]
        return k / (k - 1) * (1 - sum(item_vars) / var_t)

    def _question(self, qid: int, s: _Sums) -> dict:
        var_x, var_t, var_f = _variance(s.n, s.x, s.xx), _variance(s.n, s.t, s.tt), _variance(s.n, s.f, s.ff)
        facility = 100.0 * s.f / s.n if s.n else None
        sd = 100.0 * math.sqrt(var_f) if var_f is not None else None
        return {
            "attempts": s.n,
            "facility": facility,
            "sd": sd,
            "discrimination": _discrimination(s, var_x, var_t),
            "picks": dict(s.picks),
        }


def _discrimination(s: _Sums, var_x: float | None, var_t: float | None) -> float | None:
    if var_x is None or var_t is None:
        return None
    cov_xt = (s.xt - s.x * s.t / s.n) / (s.n - 1)
    var_rest = var_t - 2 * cov_xt + var_x
    if var_x <= 1e-9 or var_rest <= 1e-9:
        return None
    return 100.0 * (cov_xt - var_x) / math.sqrt(var_x * var_rest)


def _median(counts: Counter, n: int) -> float | None:
    if not n:
        return None
    seen, below = 0, None
    for value in sorted(counts):
        seen += counts[value]
        if n % 2 and seen > n // 2:
            return value
        if not n % 2:
            if below is None and seen >= n // 2:
                below = value
            if seen >= n // 2 + 1:
                return (below + value) / 2
    return None
