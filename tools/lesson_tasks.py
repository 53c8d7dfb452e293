"""The made-up tasks the built-in lessons are trained on, for tools/train_lessons.py. Each gives
data(rng, n) → (x, y[, sample_weight]), and analyse(model, lesson_input) → the figures its lesson
quotes and the batch (with the signal a unit was correlated with) its test recomputes them on.
"""

from lesson_keras import best_unit, corr, fixed, keras, np, sigmoid, softmax, trace


def running_sum_task(rng, n):
    """lesson1: is the sum of feature 0 over the 10 steps positive? The other 63 are noise."""
    x = rng.uniform(-1, 1, (n, 10, 64)).astype(np.float32)
    return x, (x[:, :, 0].sum(1) > 0).astype(np.int32)


def analyse_lesson1(model, lesson_x):
    rng = np.random.default_rng(1001)
    x, y = running_sum_task(rng, 100)
    cells, out = trace(model, x)
    rec = cells["lstm"][0]
    signal = np.cumsum(x[:, :, 0], axis=1)
    unit, r, _ = best_unit(rec["c"], signal)
    cells1, out1 = trace(model, lesson_x[None])
    logits = out1["dense"][0]
    probs = softmax(logits)
    return {
        "accuracy": accuracy(out["dense"].argmax(-1), y),
        "unit": unit,
        "r_c": r,
        "c_moves": "rises" if r > 0 else "falls",
        "r_h": round(corr(rec["h"][:, :, unit], signal), 3),
        "sum": round(float(lesson_x[:, 0].sum()), 2),
        "p1": round(float(probs[1]), 3),
        "c_last": round(float(cells1["lstm"][0]["c"][0, -1, unit]), 3),
    }, {"x": x, "signal": signal}


def accuracy(pred, y):
    return round(float((pred == y).mean()), 4)


def pick_task(rng, n):
    """lesson3: 8 steps of a digit (one-hot in features 0-9), a marker (feature 10) at one step
    from t = 0 to 5, and 5 noise features; the class is the digit read at the marker."""
    digits = rng.integers(0, 10, (n, 8))
    mark = rng.integers(0, 6, n)
    x = np.zeros((n, 8, 16), np.float32)
    x[np.arange(n)[:, None], np.arange(8)[None], digits] = 1.0
    x[np.arange(n), mark, 10] = 1.0
    x[:, :, 11:] = rng.uniform(-0.5, 0.5, (n, 8, 5))
    return x, digits[np.arange(n), mark].astype(np.int32), mark


def lesson3_input():
    x = np.zeros((8, 16), np.float32)
    x[np.arange(8), [4, 1, 7, 2, 9, 0, 3, 5]] = 1.0
    x[3, 10] = 1.0  # the marker at t = 3: the answer is 2
    x[:, 11:] = np.random.default_rng(33).uniform(-0.5, 0.5, (8, 5))
    return fixed(x)


def analyse_lesson3(model, lesson_x):
    x, y, mark = pick_task(np.random.default_rng(3001), 200)
    cells, out = trace(model, x)
    marker = x[:, :, 10]
    unit, r, _ = best_unit(cells["lstm"][0]["h"], marker)
    cells1, out1 = trace(model, lesson_x[None])
    probs = out1["dense"][0]
    # Dense applied to lstm_2's h at every step: from which step would it already answer?
    w, b = model.layers[-1].get_weights()
    top = cells1["lstm_2"][0]["h"][0] @ w + b
    early = [int(k) for k in top.argmax(-1)]
    jumps = {}
    for name in ("lstm", "lstm_1", "lstm_2"):
        h = cells1[name][0]["h"][0]
        d = np.abs(h[3] - h[2])
        jumps[name] = {"unit": int(d.argmax()), "by": round(float(d.max()), 2), "before": round(float(h[2, d.argmax()]), 2), "after": round(float(h[3, d.argmax()]), 2)}
    return {
        "accuracy": accuracy(out["dense"].argmax(-1), y),
        "marker_unit": unit,
        "r_marker": r,
        "h_marker": round(float(cells1["lstm"][0]["h"][0, 3, unit]), 3),
        "h_other_max": round(float(np.abs(np.delete(cells1["lstm"][0]["h"][0, :, unit], 3)).max()), 3),
        "answer": int(probs.argmax()),
        "p_answer": round(float(probs.max()), 3),
        "first_right": next(t for t in range(8) if all(k == 2 for k in early[t:])),
        "jump": jumps,
    }, {"x": x, "signal": marker}


def running_mean_task(rng, n):
    """lesson4: 5 steps of 2 features in [-1, 1]. lstm_1's unit 0 should give the running mean
    of feature 0, its unit 1 the previous step's feature 1; its other 30 units are free."""
    x = rng.uniform(-1, 1, (n, 5, 2)).astype(np.float32)
    y = np.zeros((n, 5, 32), np.float32)
    y[:, :, 0] = np.cumsum(x[:, :, 0], 1) / np.arange(1, 6)
    y[:, 1:, 1] = x[:, :-1, 1]
    return x, y


def two_unit_mse(y, p):
    return keras.ops.mean(keras.ops.square(y[..., :2] - p[..., :2]))


LESSON4_INPUT = np.array([[0.1, 1.0], [0.5, 0.8], [0.9, 0.3], [0.6, -0.4], [0.0, -0.9]], np.float32)


def analyse_lesson4(model, lesson_x):
    x, y = running_mean_task(np.random.default_rng(4001), 500)
    cells, out = trace(model, x)
    h = out["lstm_1"]
    cells1, out1 = trace(model, lesson_x[None])
    mean = np.cumsum(lesson_x[:, 0]) / np.arange(1, 6)
    k = model.layers[1].get_weights()[0]  # (64, 128): lstm_1's kernel
    u = 32  # lstm_1's units
    # How many of lstm's 64 units unit 0's candidate g weighs with |w| > 0.1.
    used = int((np.abs(k[:, 2 * u]) > 0.1).sum())
    return {
        "r_mean": round(corr(h[:, :, 0], y[:, :, 0]), 3),
        "r_prev": round(corr(h[:, 1:, 1], y[:, 1:, 1]), 3),
        "mean_err": round(float(np.abs(h[:, :, 0] - y[:, :, 0]).mean()), 3),
        "h0": [round(float(v), 2) for v in out1["lstm_1"][0, :, 0]],
        "mean": [round(float(v), 2) for v in mean],
        "h1": [round(float(v), 2) for v in out1["lstm_1"][0, :, 1]],
        "used": used,
    }, {"x": x, "signal": y[:, :, 0]}


def two_steps_task(rng, n):
    """lesson2: 10 steps of 20 features in [0, 1); the target is x[2, 0] - x[7, 0]. Flatten keeps
    each step's h apart, so Dense can weigh steps differently."""
    x = rng.uniform(0, 1, (n, 10, 20)).astype(np.float32)
    return x, (x[:, 2, 0] - x[:, 7, 0]).astype(np.float32)


def analyse_lesson2(model, lesson_x):
    x, y = two_steps_task(np.random.default_rng(2001), 500)
    _, out = trace(model, x)
    pred = out["dense"][:, 0]
    _, out1 = trace(model, lesson_x[None])
    w = model.layers[-1].get_weights()[0][:, 0].reshape(10, 30)
    norms = np.sqrt((w**2).sum(1))
    order = [int(t) for t in np.argsort(-norms)]
    return {
        "r2": round(float(1 - ((pred - y) ** 2).mean() / y.var()), 3),
        "mae": round(float(np.abs(pred - y).mean()), 3),
        "target": round(float(lesson_x[2, 0] - lesson_x[7, 0]), 2),
        "x2": f"{lesson_x[2, 0]:.2f}",
        "x7": f"{lesson_x[7, 0]:.2f}",
        "pred": round(float(out1["dense"][0, 0]), 2),
        "top_step": order[0],
        "second_step": order[1],
        "norm_top": round(float(norms[order[0]]), 2),
        "norm_low": round(float(norms.min()), 2),
        "low_step": int(norms.argmin()),
    }, None


# --------------------------------------------------------------------------------------------
# Sentiment (lesson5, lesson6, lesson9): reviews of 1 to 3 clauses "the plot was (not) (truly)
# thin", joined by "and" or "but". A clause counts +1 or -1, flipped by "not"; after "but" it
# counts double. The review is positive when the sum is.

FUNCTION_WORDS = ["the", "was", "and", "but", "not", "a", "this", "is"]
NOUNS = """plot acting story music ending cast script film camera dialogue pacing score lead hero
villain soundtrack direction editing humour romance finale opening sequel costumes writing tone
premise twist photography performance""".split()
ADVERBS = "truly very really quite rather so utterly deeply simply oddly".split()
POSITIVE = """wonderful great good brilliant superb moving funny clever charming beautiful gripping
fresh fine solid lovely tender sharp vivid rich warm bold smart elegant stunning delightful
powerful excellent perfect lively witty""".split()
NEGATIVE = """thin bad dull boring awful weak flat poor silly tedious clumsy bland messy stale slow
cheap lazy shallow forced hollow terrible sloppy muddled lifeless predictable pointless tired
wooden grating awkward""".split()
WORDS = ["<pad>", "[UNK]"] + FUNCTION_WORDS + NOUNS + ADVERBS + POSITIVE + NEGATIVE
ID = {w: k for k, w in enumerate(WORDS)}
POLARITY = {**{w: 1 for w in POSITIVE}, **{w: -1 for w in NEGATIVE}}
REVIEW = "the plot was thin but the acting was truly wonderful".split()


def clause(rng, negate=None):
    words = [str(rng.choice(["the", "the", "this", "a"])), str(rng.choice(NOUNS)), str(rng.choice(["was", "is"]))]
    negated = bool(rng.random() < 0.35) if negate is None else negate
    if negated:
        words.append("not")
    if rng.random() < 0.4:
        words.append(str(rng.choice(ADVERBS)))
    adj = str(rng.choice(POSITIVE + NEGATIVE))
    words.append(adj)
    return words, POLARITY[adj] * (-1 if negated else 1), negated


def review(rng):
    while True:
        words, score, joins = [], 0, []
        for k in range(int(rng.integers(1, 4))):
            join = str(rng.choice(["and", "but"])) if k else None
            if join:
                words.append(join)
            w, p, _ = clause(rng)
            words += w
            score += p * (2 if join == "but" else 1)
        if score != 0:
            return words, int(score > 0)


def pad(ids, length):
    out = np.zeros(length, np.int32)
    ids = ids[-length:]
    out[length - len(ids):] = ids
    return out


def sentiment_task(rng, n, length=24):
    xs, ys = [], []
    for _ in range(n):
        words, label = review(rng)
        xs.append(pad([ID[w] for w in words], length))
        ys.append(label)
    return np.stack(xs), np.array(ys, np.float32)


def settle_step(c, until, tol=1e-4):
    """The first step after which c (T, U) moves by less than tol at every step up to `until`."""
    moves = np.abs(np.diff(c[:until], axis=0)).max(-1)
    late = np.nonzero(moves >= tol)[0]
    return int(late[-1]) + 2 if len(late) else 1


def analyse_sentiment(model, lesson_x, bidirectional):
    rng = np.random.default_rng(5001)
    x24, y = sentiment_task(rng, 300)
    x500 = np.stack([pad(row[row > 0], 500) for row in x24])
    p500 = np.asarray(model.predict(x500, verbose=0, batch_size=100))[:, 0]
    cells, out = trace(model, lesson_x[None])
    acc = accuracy((p500 > 0.5).astype(np.float32), y)
    figures = {"accuracy_500": acc, "percent_500": f"{100 * acc:.1f}%", "score": round(float(out["dense"][0, 0]), 3)}
    pad_only, pad_out = trace(model, np.zeros((1, 500), np.int32))
    pad_only_score = pad_out["dense"][0, 0]
    if not bidirectional:
        for name in ("lstm", "lstm_1", "lstm_2"):
            rec = cells[name][0]
            figures[f"settle_{name}"] = settle_step(rec["c"][0], 490)
            figures[f"settle_h_{name}"] = settle_step(rec["h"][0], 490)
            c = rec["c"][0]
            u = int(np.abs(c[489]).argmax())  # the unit that piles up most during the padding
            figures[f"drift_{name}"] = {
                "unit": u,
                "c": round(float(c[489, u]), 1),
                "step": round(float(c[489, u] - c[488, u]), 3),
                "f": round(float(rec["f"][0, 489, u]), 3),
                "h": round(float(rec["h"][0, 489, u]), 3),
            }
        rec = cells["lstm"][0]
        f = rec["f"][0]
        figures["f_pad_mean"] = round(float(f[489].mean()), 2)
        figures["f_pad_min"] = round(float(f[489].min()), 2)
        figures["f_pad_max"] = round(float(f[489].max()), 2)
        g = rec["g"][0]
        figures["g_the_diff"] = round(float(np.abs(g[490] - g[495]).max()), 2)
        moved = {q: float(np.abs(rec[q][0, 490] - rec[q][0, 489]).max()) for q in "ifgo"}
        figures["moved_most"] = max(moved, key=moved.get)
        # Which unit of lstm_2 swings most over the review, and where it ends.
        c2 = cells["lstm_2"][0]["c"][0]
        swing = np.abs(c2[490:] - c2[489]).max(0)
        u = int(swing.argmax())
        figures["swing_unit"] = u
        steps = np.abs(np.diff(c2[489:, u]))
        k = int(steps.argmax())  # c2[489 + k] → c2[490 + k]: the word read at t = 490 + k
        figures["swing_t"] = 490 + k
        figures["swing_word"] = REVIEW[k]
        figures["swing_from"] = round(float(c2[489 + k, u]), 1)
        figures["swing_to"] = round(float(c2[490 + k, u]), 1)
        figures["swing_end"] = round(float(c2[499, u]), 1)
    else:
        fwd, bwd = cells["bidirectional"]
        pf, pb = pad_only["bidirectional"]
        figures["backward_diff"] = round(float(np.abs(bwd["h"][0, -1] - pb["h"][0, -1]).max()), 3)
        figures["forward_diff"] = round(float(np.abs(fwd["h"][0, -1] - pf["h"][0, -1]).max()), 3)
        # The backward direction has read the review first: how long until it forgets it?
        d = np.abs(bwd["h"][0] - pb["h"][0]).max(-1)  # per backward step
        gone = [k for k in range(10, 500) if d[k:].max() < 1e-3]
        figures["backward_gone_step"] = gone[0] if gone else None
        figures["backward_gone_t"] = 499 - gone[0] if gone else None
        figures["backward_diff_489"] = round(float(d[10]), 3)  # backward step 10 is t = 489
        u = int(np.abs(bwd["h"][0, -1] - pb["h"][0, -1]).argmax())
        figures["backward_unit"] = {
            "unit": u,
            "h": round(float(bwd["h"][0, -1, u]), 2),
            "h_pad": round(float(pb["h"][0, -1, u]), 2),
            "c": round(float(bwd["c"][0, -1, u]), 1),
            "c_pad": round(float(pb["c"][0, -1, u]), 1),
            "f": round(float(bwd["f"][0, -1, u]), 3),
        }
        figures["f_bwd_pad_mean"] = round(float(bwd["f"][0, 100:].mean()), 2)
        figures["f_fwd_pad_mean"] = round(float(fwd["f"][0, 100:480].mean()), 2)
        b_only = model.layers[-1].get_weights()
        # The score with the backward half replaced by what padding alone gives.
        h = np.concatenate([fwd["h"][0, -1], pb["h"][0, -1]])
        figures["score_pad_backward"] = round(float(sigmoid(h @ b_only[0] + b_only[1])[0]), 3)
        h = np.concatenate([pf["h"][0, -1], bwd["h"][0, -1]])
        figures["score_pad_forward"] = round(float(sigmoid(h @ b_only[0] + b_only[1])[0]), 3)
        figures["score_pad_only"] = round(float(pad_only_score), 3)
    return figures, {"x": x24, "label": y, "score": p500}


# --------------------------------------------------------------------------------------------
# lesson7: a flag (feature 0 = +1 or -1, marked by feature 1 = 1) at t = 2, then 40 steps of
# unmarked noise in feature 0, then feature 2 = 1 at t = 43: was the flag up?

FLAG_STEPS = 44


def flag_task(rng, n, at=None, steps=FLAG_STEPS):
    """The flag at t = `at`; for training at a random step, in sequences of several lengths, so
    that the model cannot lean on how long ago the flag came: it has to write it at once and
    hold it."""
    x = np.zeros((n, steps, 3), np.float32)
    x[:, :, 0] = rng.uniform(-1, 1, (n, steps))
    flag = rng.choice([-1.0, 1.0], n)
    where = rng.integers(0, min(21, steps - 1), n) if at is None else np.full(n, at)
    x[np.arange(n), where, 0] = flag
    x[np.arange(n), where, 1] = 1.0
    x[:, -1, 2] = 1.0
    return x, (flag > 0).astype(np.float32)


def flag_held(x):
    """The [signal] of a lesson7 input: 0 before the marked step, then the flag's value, held."""
    marked = np.flatnonzero(x[:, 1] > 0)
    held = np.zeros(len(x), np.float32)
    if len(marked):
        held[marked[0]:] = x[marked[0], 0]
    return held


def lesson7_input():
    x, _ = flag_task(np.random.default_rng(77), 1, at=2)
    x[0, 2, 0] = 1.0  # the flag is up
    return fixed(x[0])


def analyse_lesson7(model, lesson_x):
    x, y = flag_task(np.random.default_rng(7001), 200, at=2)
    cells, out = trace(model, x)
    rec = cells["lstm"][0]
    flag = np.repeat((2 * y - 1)[:, None], FLAG_STEPS, 1)
    held = slice(3, FLAG_STEPS)  # from the step after the flag to the end
    unit, r, rs = best_unit(rec["c"], flag, held)
    cells1, out1 = trace(model, lesson_x[None])
    r1 = cells1["lstm"][0]
    f = r1["f"][0, held, unit]
    c = r1["c"][0, :, unit]
    # The same input with the flag down: the unit's c takes the other sign.
    down = lesson_x.copy()
    down[2, 0] = -1.0
    c_down = trace(model, down[None])[0]["lstm"][0]["c"][0, :, unit]
    others = [u for u in range(len(rs)) if u != unit]
    ig = (r1["i"] * r1["g"])[0, held, unit]
    same = float((np.sign(ig) == np.sign(r1["c"][0, held, unit])).mean())
    return {
        "accuracy": accuracy((out["dense"][:, 0] > 0.5).astype(np.float32), y),
        "unit": unit,
        "r_c": r,
        "r_other_max": round(max(abs(rs[u]) for u in others), 3),
        "f_min": round(float(f.min()), 3),
        "f_mean": round(float(f.mean()), 3),
        "i_flag": round(float(r1["i"][0, 2, unit]), 2),
        "i_noise_max": round(float(r1["i"][0, held, unit][:-1].max()), 2),
        "c_before": round(float(c[1]), 2),
        "c_flag": round(float(c[2]), 2),
        "c_end": round(float(c[-2]), 2),
        "c_down_end": round(float(c_down[-2]), 2),
        "c_down_flag": round(float(c_down[2]), 2),
        "f_product": f"{float(np.prod(f[:-1])):.1e}",
        "rewrite_share": f"{round(100 * same)}%",
        "score": round(float(out1["dense"][0, 0]), 3),
        "score_down": round(float(trace(model, down[None])[1]["dense"][0, 0]), 3),
    }, {"x": x, "signal": flag}


# --------------------------------------------------------------------------------------------
# lesson8: brackets. Tokens 1 "(", 2 ")", 3 "x"; the target at every step is the nesting depth
# after that token (never below 0, at most 4).

BRACKETS = ["<pad>", "(", ")", "x"]
COUNT_STEPS = 24


def bracket_task(rng, n):
    x = np.zeros((n, COUNT_STEPS), np.int32)
    depth = np.zeros((n, COUNT_STEPS), np.float32)
    for k in range(n):
        d = 0
        for t in range(COUNT_STEPS):
            choices = [3] + ([1] if d < 4 else []) + ([2] if d > 0 else [])
            tok = int(rng.choice(choices))
            d += {1: 1, 2: -1, 3: 0}[tok]
            x[k, t], depth[k, t] = tok, d
    return x, depth


def bracket_depth(tokens):
    """The [signal] of a lesson8 input, bracket_task's target: the depth after each token."""
    return np.cumsum([{0: 0, 1: 1, 2: -1, 3: 0}[int(t)] for t in tokens]).astype(np.float32)


LESSON8_TEXT = "( x ( ( x ) x ( x ) ) ) x ( ( ( x ) ) x ) ( x )".split()


def analyse_lesson8(model, lesson_x):
    x, depth = bracket_task(np.random.default_rng(8001), 500)
    cells, out = trace(model, x)
    rec = cells["lstm"][0]
    unit, r, rs = best_unit(rec["c"], depth)
    cells1, out1 = trace(model, lesson_x[None])
    c = cells1["lstm"][0]["c"][0, :, unit]
    d1 = np.cumsum([{1: 1, 2: -1, 3: 0}[int(t)] for t in lesson_x])
    pred = out1["dense"][0, :, 0]
    levels = {int(d): round(float(c[d1 == d].mean()), 2) for d in sorted(set(d1.tolist()))}
    return {
        "mae": round(float(np.abs(out["dense"][:, :, 0] - depth).mean()), 3),
        "exact": accuracy(np.round(out["dense"][:, :, 0]), depth),
        "unit": unit,
        "r_c": r,
        "r_h": round(corr(rec["h"][:, :, unit], depth), 3),
        "open_moves": "falls" if r < 0 else "rises",
        "close_moves": "rises" if r < 0 else "falls",
        "c_levels": levels,
        "pred_max_err": round(float(np.abs(pred - d1).max()), 2),
        "depth_max": int(d1.max()),
        "t_deepest": int(np.argmax(d1)),
    }, {"x": x, "signal": depth}


# --------------------------------------------------------------------------------------------
# lesson9: negation, on the word vectors lesson5 learned, frozen. At every adjective the target
# is the clause's polarity, flipped by "not"; no target at the other steps.

NEG_STEPS = 20


def negation_task(rng, n):
    x = np.zeros((n, NEG_STEPS), np.int32)
    y = np.zeros((n, NEG_STEPS), np.float32)
    w = np.zeros((n, NEG_STEPS), np.float32)
    pending = np.zeros((n, NEG_STEPS), np.float32)
    for k in range(n):
        words, targets, negs = [], [], []
        while True:
            cw, p, neg = clause(rng)
            join = [str(rng.choice(["and", "but"]))] if words else []
            if len(words) + len(join) + len(cw) > NEG_STEPS:
                break
            for word in join + cw:
                words.append(word)
                targets.append(None)
                negs.append(0.0)
            targets[-1] = float(p > 0)
            if neg:
                at = len(words) - 1 - words[::-1].index("not")
                for t in range(at, len(words) - 1):
                    negs[t] = 1.0
        off = NEG_STEPS - len(words)
        x[k, off:] = [ID[v] for v in words]
        for t, tgt in enumerate(targets):
            if tgt is not None:
                y[k, off + t], w[k, off + t] = tgt, 1.0
        pending[k, off:] = negs
    return x, y, w, pending


def not_waiting(ids):
    """The [signal] of a lesson9 input, negation_task's `pending`: 1 from a "not" up to the step
    before the adjective it flips, else 0."""
    words = [WORDS[int(k)] for k in ids]
    pending = np.zeros(len(words), np.float32)
    for at, word in enumerate(words):
        if word == "not":
            end = next(t for t in range(at, len(words)) if words[t] in POLARITY)
            pending[at:end] = 1.0
    return pending


LESSON9_TEXT = "the acting was not good and the plot was not truly bad but the music was great".split()


def analyse_lesson9(model, lesson_x):
    x, y, w, pending = negation_task(np.random.default_rng(9001), 500)
    cells, out = trace(model, x)
    rec = cells["lstm"][0]
    real = x > 0
    unit, r, rs = best_unit(rec["h"], pending)
    pred = out["dense"][:, :, 0]
    cells1, out1 = trace(model, lesson_x[None])
    h = cells1["lstm"][0]["h"][0, :, unit]
    c = cells1["lstm"][0]["c"][0, :, unit]
    words = [WORDS[k] for k in lesson_x]
    nots = [t for t, v in enumerate(words) if v == "not"]
    adjs = [t for t, v in enumerate(words) if v in POLARITY]
    p1 = out1["dense"][0, :, 0]
    acc = accuracy((pred[w > 0] > 0.5).astype(np.float32), y[w > 0])
    return {
        "accuracy": acc,
        "percent": f"{100 * acc:.1f}%",
        "unit": unit,
        "r_h": r,
        "r_c": round(corr(rec["c"][:, :, unit][real], pending[real]), 3),
        "nots": nots,
        "adjs": adjs,
        "h": [round(float(v), 2) for v in h],
        "c": [round(float(v), 2) for v in c],
        "p_adj": [round(float(p1[t]), 3) for t in adjs],
    }, {"x": x, "signal": pending, "y": y, "w": w}


# --------------------------------------------------------------------------------------------
# How each lesson is trained and analysed


def sentiment_input():
    return pad([ID[w] for w in REVIEW], 500)


TASKS = {
    "lesson1": dict(seed=1, data=running_sum_task, n=20000, epochs=20, lr=3e-3,
                    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                    analyse=analyse_lesson1, input=lambda: fixed(np.random.default_rng(11).uniform(-1, 1, (10, 64)))),
    "lesson2": dict(seed=2, data=two_steps_task, n=4000, epochs=40, lr=3e-3, loss="mse", metrics=(),
                    analyse=analyse_lesson2, input=lambda: fixed(np.random.default_rng(22).uniform(0, 1, (10, 20)))),
    "lesson3": dict(seed=3, data=lambda r, n: pick_task(r, n)[:2], n=6000, epochs=30, lr=3e-3,
                    loss="sparse_categorical_crossentropy", analyse=analyse_lesson3, input=lesson3_input),
    "lesson4": dict(seed=4, data=running_mean_task, n=4000, epochs=40, lr=3e-3, loss=two_unit_mse, metrics=(),
                    analyse=analyse_lesson4, input=lambda: LESSON4_INPUT),
    "lesson5": dict(seed=5, data=sentiment_task, n=6000, epochs=12, lr=3e-3, loss="binary_crossentropy",
                    any_timesteps=True, analyse=lambda m, x: analyse_sentiment(m, x, False), input=sentiment_input),
    "lesson6": dict(seed=6, data=sentiment_task, n=6000, epochs=12, lr=3e-3, loss="binary_crossentropy",
                    any_timesteps=True, analyse=lambda m, x: analyse_sentiment(m, x, True), input=sentiment_input),
    "lesson7": dict(seed=7, data=flag_task, n=2000, epochs=25, lr=3e-3, lengths=(4, 8, 16, 44), any_timesteps=True,
                    lstm_options={"recurrent_regularizer": keras.regularizers.L2(1e-2)}, loss="binary_crossentropy",
                    analyse=analyse_lesson7, input=lesson7_input, signal=("flag held", flag_held)),
    "lesson8": dict(seed=8, data=bracket_task, n=3000, epochs=40, lr=1e-2, loss="mse", metrics=(),
                    analyse=analyse_lesson8, input=lambda: np.array([BRACKETS.index(t) for t in LESSON8_TEXT], np.int32),
                    signal=("bracket depth", bracket_depth)),
    "lesson9": dict(seed=9, data=negation_task, n=4000, epochs=30, lr=1e-2, loss="binary_crossentropy",
                    analyse=analyse_lesson9, input=lambda: pad([ID[w] for w in LESSON9_TEXT], NEG_STEPS),
                    signal=("not waiting", not_waiting)),
}
