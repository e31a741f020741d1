"""Reference numbers for StatisticsReferenceTest, computed independently of the Java code with SciPy and NumPy.

Run: python3 reference_stats.py   (printed with SciPy 1.17.1 and NumPy 2.4.6; the Java test holds the output as literals)

Each statistic comes from a SciPy routine where SciPy has one, so the reference shares no code or formula with the
Java classes:
  Wilson interval           scipy.stats.binomtest(k, n).proportion_ci(method="wilson")
  two-proportion z-test     scipy.stats.chi2_contingency(2x2, correction=False): chi2 = z^2, same two-sided p-value
  relative risk interval    scipy.stats.contingency.relative_risk(...).confidence_interval()  (Katz log method)
  Welch's t-test            scipy.stats.ttest_ind(a, b, equal_var=False) on the per-user values; .df, .confidence_interval()
  sample-ratio check        scipy.stats.chisquare(f_obs, f_exp)
  AUC                       scipy.stats.mannwhitneyu(pos, neg).statistic / (n_pos * n_neg)  (ties count one half)
Only the unpooled (Wald) difference interval, the Brier score and the binned calibration error have no SciPy routine;
they are written out below with NumPy from their textbook definitions.
"""
import numpy as np
from scipy import stats
from scipy.stats.contingency import relative_risk

Z = stats.norm.ppf(0.975)


def wilson(k, n, level=0.95):
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=level, method="wilson")
    return ci.low, ci.high


def compare(kt, nt, kc, nc):
    pt, pc = kt / nt, kc / nc
    chi2, p, _, _ = stats.chi2_contingency([[kt, nt - kt], [kc, nc - kc]], correction=False)
    z = np.sign(pt - pc) * np.sqrt(chi2)
    se = np.sqrt(pt * (1 - pt) / nt + pc * (1 - pc) / nc)
    rr = relative_risk(kt, nt, kc, nc)
    rci = rr.confidence_interval(confidence_level=0.95)
    return dict(difference=pt - pc, diff_low=pt - pc - Z * se, diff_high=pt - pc + Z * se,
                uplift=rr.relative_risk - 1, uplift_low=rci.low - 1, uplift_high=rci.high - 1, z=z, p=p)


def per_user(histogram):
    """Conversions per user from {conversions: users}."""
    return np.repeat(list(histogram.keys()), list(histogram.values())).astype(float)


def show(name, values):
    print(name)
    for k, v in (values.items() if isinstance(values, dict) else enumerate(values)):
        print(f"  {k}: {float(v)!r}")


show("wilson 870/30000", wilson(870, 30000))
show("wilson 92/3700", wilson(92, 3700))
show("wilson 0/50", wilson(0, 50))
show("wilson 50/50", wilson(50, 50))
show("wilson 3/20 at 0.99", wilson(3, 20, 0.99))
show("sessions challenger 240/7500 vs champion 870/30000", compare(240, 7500, 870, 30000))
show("sessions treated 1110/37500 vs holdout 92/3700", compare(1110, 37500, 92, 3700))
show("users challenger 198/2400 vs champion 720/9600", compare(198, 2400, 720, 9600))

treatment = per_user({0: 2202, 1: 170, 2: 22, 3: 6})
control = per_user({0: 8880, 1: 610, 2: 90, 3: 15, 5: 5})
t = stats.ttest_ind(treatment, control, equal_var=False)
ci = t.confidence_interval(0.95)
show("welch conversions per user", dict(mean_t=treatment.mean(), mean_c=control.mean(),
                                        difference=treatment.mean() - control.mean(), t=t.statistic, df=t.df, p=t.pvalue,
                                        low=ci.low, high=ci.high))

for observed in ([7020, 1985, 995], [7130, 1920, 950], [7240, 1860, 900]):
    expected = np.array([0.7, 0.2, 0.1]) * sum(observed)
    r = stats.chisquare(observed, expected)
    show(f"srm {observed} vs 70/20/10", dict(chi2=r.statistic, p=r.pvalue))
r = stats.chisquare([9000, 1000], np.array([0.9, 0.1]) * 10000)
show("srm [9000, 1000] vs 90/10 (challenger share 0 left out)", dict(chi2=r.statistic, p=r.pvalue))

scores = np.array([0.05, 0.05, 0.1, 0.1, 0.1, 0.2, 0.2, 0.3, 0.35, 0.35, 0.4, 0.5, 0.5, 0.6, 0.7, 0.7, 0.8, 0.9, 0.9,
                   0.95, 0.02, 0.1])
labels = np.array([0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0], dtype=bool)
u = stats.mannwhitneyu(scores[labels], scores[~labels]).statistic
order = np.lexsort((labels, scores))  # by score, then negatives before positives, as the Java sort
quality = dict(auc=u / (labels.sum() * (~labels).sum()), mean_predicted=scores.mean(), observed_rate=labels.mean(),
               brier=np.mean((scores - labels) ** 2))
for bins in (4, 10):
    parts = np.array_split(order, bins)
    quality[f"ece_{bins}"] = sum(len(b) / len(scores) * abs(scores[b].mean() - labels[b].mean()) for b in parts)
show("score quality (22 scores with ties)", quality)
first = np.array_split(order, 4)[0]
print("  bin sizes of 4:", [len(b) for b in np.array_split(order, 4)])
print("  first of 4 bins, mean score and observed rate:", float(scores[first].mean()), float(labels[first].mean()))


# The archive AbReportCliITCase writes: per arm, users with two sessions each; k2 users convert in both sessions,
# k1 in one (champion 700 users, k1 49, k2 7; challenger 200, 18, 3; holdout 100, 5, 1); treated = champion + challenger.
print()
print("== end-to-end archive (AbReportCliITCase) ==")
ARMS = {"champion": (700, 49, 7), "challenger": (200, 18, 3), "holdout": (100, 5, 1)}


def arm_counts(names):
    users = sum(ARMS[n][0] for n in names)
    k1 = sum(ARMS[n][1] for n in names)
    k2 = sum(ARMS[n][2] for n in names)
    return dict(users=users, sessions=2 * users, conversions=k1 + 2 * k2, users_converted=k1 + k2,
                per_user=per_user({0: users - k1 - k2, 1: k1, 2: k2}))


for name in ARMS:
    c = arm_counts([name])
    show(f"{name} session rate CI", wilson(c["conversions"], c["sessions"]))
    show(f"{name} user rate CI", wilson(c["users_converted"], c["users"]))
for treatment, control in ((["challenger"], ["champion"]), (["champion", "challenger"], ["holdout"])):
    t, c = arm_counts(treatment), arm_counts(control)
    label = "+".join(treatment) + " vs " + "+".join(control)
    show(f"{label} sessions", compare(t["conversions"], t["sessions"], c["conversions"], c["sessions"]))
    show(f"{label} users", compare(t["users_converted"], t["users"], c["users_converted"], c["users"]))
    w = stats.ttest_ind(t["per_user"], c["per_user"], equal_var=False)
    wci = w.confidence_interval(0.95)
    show(f"{label} conversions per user", dict(difference=t["per_user"].mean() - c["per_user"].mean(), t=w.statistic,
                                               df=w.df, p=w.pvalue, low=wci.low, high=wci.high))
for shares in ([0.7, 0.2, 0.1], [0.6, 0.3, 0.1]):
    r = stats.chisquare([700, 200, 100], np.array(shares) * 1000)
    show(f"srm [700, 200, 100] vs {shares}", dict(chi2=r.statistic, p=r.pvalue))
