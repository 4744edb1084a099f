"""A student's implementation of backpropagation in NumPy, written from the notes alone (it shares no code
with the engine), with the classic mistakes as switches. It reads a network file in plain JSON (explicit
weights and biases, inline data, no shuffling) and prints the trace format of `cli.js trace`.

  /usr/bin/python3 student.py NET.json BUG ITERATIONS FIELDS
  BUG: none | no-fprime | transposed-dw | sum-for-mean | update-sign | softmax-sse | off-by-one
  FIELDS: all, or a comma list of: samples, loss, x (layer 0's y), u, y, delta, dy, dw, db, w, b
"""
import json
import math
import sys

import numpy as np

net = json.load(open(sys.argv[1]))
bug, iterations, fields = sys.argv[2], int(sys.argv[3]), sys.argv[4].split(',')
if fields == ['all']:
    fields = ['samples', 'loss', 'x', 'u', 'y', 'delta', 'dy', 'dw', 'db', 'w', 'b']
X = np.array(net['data']['inputs'], dtype=float)
T = np.array(net['data']['targets'], dtype=float)
layers = net['layers']
L = len(layers) - 1
W = [None] + [np.array(layer['weights'], dtype=float) for layer in layers[1:]]
B = [None] + [np.array(layer['biases'], dtype=float) for layer in layers[1:]]
act = [layer.get('activation', 'identity') for layer in layers]
eta = net['learningRate']
size = net['batch']['size']
mean = net['batch'].get('reduction', 'sum') == 'mean'
loss = net.get('loss', 'sum-of-squares')
N = len(X)
per_epoch = math.ceil(N / size)


def f(name, u):
    if name == 'sigmoid':
        return 1 / (1 + np.exp(-u))
    if name == 'tanh':
        return np.tanh(u)
    if name == 'softmax':
        e = np.exp(u - u.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return u


def f_prime(name, y):
    if name == 'sigmoid':
        return (1 - y) * y
    if name == 'tanh':
        return 1 - y ** 2
    return np.ones_like(y)


for it in range(1, iterations + 1):
    first = ((it - 1) % per_epoch) * size
    n = min(size, N - first)
    shift = 1 if bug == 'off-by-one' else 0
    idx = [(first + s + shift) % N for s in range(n)]
    x, t = X[idx], T[idx]
    # forward
    ys, us = [x], [None]
    for l in range(1, L + 1):
        u = ys[l - 1] @ W[l] + B[l]
        us.append(u)
        ys.append(f(act[l], u))
    y = ys[L]
    if loss == 'sum-of-squares':
        E = 0.5 * ((y - t) ** 2).sum()
    else:
        E = -(t * np.log(y)).sum()
    if mean:
        E /= n
    # backward: output layer first
    dys, deltas, dws, dbs = {}, {}, {}, {}
    scale = 1 / n if mean and bug != 'sum-for-mean' else 1
    for l in range(L, 0, -1):
        if l == L:
            dy = y - t if loss == 'sum-of-squares' else np.where(t == 0, 0.0, -t / y)
            if act[L] == 'softmax' and loss == 'cross-entropy':
                delta = (y - t) * (1 - y) * y if bug == 'softmax-sse' else y - t
            else:
                delta = dy * f_prime(act[l], ys[l])
        else:
            dy = deltas[l + 1] @ W[l + 1].T
            delta = dy if bug == 'no-fprime' else dy * f_prime(act[l], ys[l])
        dys[l], deltas[l] = dy, delta
        dws[l] = (delta.T @ ys[l - 1] if bug == 'transposed-dw' else ys[l - 1].T @ delta) * scale
        dbs[l] = delta.sum(axis=0) * scale
    record = {'iteration': it}
    if 'samples' in fields:
        record['samples'] = idx
    if 'loss' in fields:
        record['loss'] = float(E)
    values = {'u': us, 'y': ys, 'delta': deltas, 'dy': dys, 'dw': dws, 'db': dbs, 'w': W, 'b': B}
    out = [{'y': x.tolist()} if 'x' in fields else None]
    for l in range(1, L + 1):
        out.append({q: values[q][l].tolist() for q in ['u', 'y', 'delta', 'dy', 'dw', 'db', 'w', 'b'] if q in fields})
    record['layers'] = out
    print(json.dumps(record))
    # update: w ← w − η ∂w (the wrong sign: +)
    sign = 1 if bug == 'update-sign' else -1
    for l in range(1, L + 1):
        W[l] = W[l] + sign * eta * (dws[l].T if bug == "transposed-dw" else dws[l])
        B[l] = B[l] + sign * eta * dbs[l]
