import json
import numpy as np

x, t = np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]])  # the sample and target of hand-2-2-2
w = [None, np.array([[0.15, 0.25], [0.20, 0.30]]), np.array([[0.40, 0.50], [0.45, 0.55]])]
b = [None, np.array([0.35, 0.35]), np.array([0.60, 0.60])]
with open('my.trace.jsonl', 'w') as f:
    for it in range(1, 4):
        y1 = 1 / (1 + np.exp(-(x @ w[1] + b[1])))
        y2 = 1 / (1 + np.exp(-(y1 @ w[2] + b[2])))
        d2 = (y2 - t) * (1 - y2) * y2                      # δ_k = (y_k − t_k) f′(u_k)
        d1 = (d2 @ w[2].T) * (1 - y1) * y1                 # δ_j = ∂y_j f′(u_j)
        dw, db = [None, x.T @ d1, y1.T @ d2], [None, d1.sum(axis=0), d2.sum(axis=0)]
        layers = [None] + [{'delta': d.tolist(), 'dw': dw[l].tolist(), 'db': db[l].tolist()} for l, d in ((1, d1), (2, d2))]
        f.write(json.dumps({'iteration': it, 'loss': 0.5 * ((y2 - t) ** 2).sum(), 'layers': layers}) + '\n')
        for l in (1, 2):
            w[l] -= 0.5 * dw[l]
            b[l] -= 0.5 * db[l]
