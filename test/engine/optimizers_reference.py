"""The optimizers' reference: the engine's network trained by PyTorch's torch.optim (1.13), float64.

Reads one JSON object on stdin: the layers (sizes, activations, the engine's initial w and b, which tensors
are frozen, dropout rates), the loss and batch reduction, the data, the batches the engine trained on (its
sample indices per iteration), the dropout masks it drew (per iteration and layer, or null), the optimizer,
weightDecay and learningRate. Writes one JSON object: per iteration the parameters after the update, the
optimizer's state in the engine's terms, and the loss's gradients of that iteration.

PyTorch keeps some state in another form than the textbook's, converted here for the comparison:
momentum's buffer u (u <- mu*u + g; w <- w - lr*u) is the textbook's v = -lr*u for a constant lr.
Weight decay goes to the weights' parameter group only (weight_decay=0 for the biases).
Run with /usr/bin/python3 (Debian's, with torch and numpy).
"""

import json
import sys

import torch

torch.set_default_dtype(torch.float64)


def activation(name, alpha):
    if name == "identity":
        return lambda u: u
    if name == "sigmoid":
        return torch.sigmoid
    if name == "tanh":
        return torch.tanh
    if name == "relu":
        return torch.relu
    if name == "leaky-relu":
        return lambda u: torch.nn.functional.leaky_relu(u, negative_slope=alpha)
    if name == "softmax":
        return lambda u: torch.softmax(u, dim=1)
    raise ValueError(name)


def optimizer_for(spec, lr, decay, weights, biases):
    groups = []
    if weights:
        groups.append({"params": weights, "weight_decay": decay})
    if biases:
        groups.append({"params": biases, "weight_decay": 0.0})
    name = spec["name"]
    if name == "sgd":
        return torch.optim.SGD(groups, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(groups, lr=lr, momentum=spec["momentum"])
    if name == "adagrad":
        return torch.optim.Adagrad(groups, lr=lr, eps=spec["epsilon"], initial_accumulator_value=0.0, lr_decay=0.0)
    if name == "rmsprop":
        return torch.optim.RMSprop(groups, lr=lr, alpha=spec["rho"], eps=spec["epsilon"])
    if name == "adam":
        return torch.optim.Adam(groups, lr=lr, betas=(spec["beta1"], spec["beta2"]), eps=spec["epsilon"])
    raise ValueError(name)


def state_of(opt, spec, lr, p):
    """The optimizer's state of one tensor in the engine's slots (None when it has none yet)."""
    s = opt.state.get(p, {})
    name = spec["name"]
    if name == "momentum":
        return {"v": (-lr * s["momentum_buffer"]).tolist()}
    if name == "adagrad":
        return {"h": s["sum"].tolist()}
    if name == "rmsprop":
        return {"h": s["square_avg"].tolist()}
    if name == "adam":
        return {"m": s["exp_avg"].tolist(), "v": s["exp_avg_sq"].tolist(), "t": float(s["step"])}
    return {}


def main():
    job = json.load(sys.stdin)
    layers = job["layers"]
    X = torch.tensor(job["inputs"], dtype=torch.float64)
    T = torch.tensor(job["targets"], dtype=torch.float64)
    lr = job["learningRate"]
    decay = job["weightDecay"]
    spec = job["optimizer"]
    W, B = [None], [None]
    trained_w, trained_b = [], []
    for layer in layers[1:]:
        w = torch.tensor(layer["w"], dtype=torch.float64, requires_grad=layer["trainWeights"])
        b = torch.tensor(layer["b"], dtype=torch.float64, requires_grad=layer["trainBiases"])
        W.append(w)
        B.append(b)
        if layer["trainWeights"]:
            trained_w.append(w)
        if layer["trainBiases"]:
            trained_b.append(b)
    opt = optimizer_for(spec, lr, decay, trained_w, trained_b)
    L = len(layers) - 1
    out = []
    for it, batch in enumerate(job["batches"]):
        masks = job["masks"][it] if job.get("masks") else None
        x = X[batch]
        t = T[batch]
        y = x
        u = None
        for l in range(1, L + 1):
            u = y @ W[l] + B[l]
            y = activation(layers[l]["activation"], layers[l].get("alpha", 0.01))(u)
            p = layers[l].get("dropout", 0)
            if p > 0:
                y = y * (torch.tensor(masks[l], dtype=torch.float64) * (1 / (1 - p)))
        if job["loss"] == "cross-entropy":
            # after softmax, from u as the engine does (log-sum-exp)
            e = -(t * torch.log_softmax(u, dim=1)).sum()
        else:
            e = 0.5 * ((y - t) ** 2).sum()
        if job["reduction"] == "mean":
            e = e / len(batch)
        opt.zero_grad(set_to_none=False)
        e.backward()
        grads = [None] + [
            {
                "dw": W[l].grad.tolist() if W[l].grad is not None else None,
                "db": B[l].grad.tolist() if B[l].grad is not None else None,
            }
            for l in range(1, L + 1)
        ]
        opt.step()
        out.append(
            {
                "loss": e.item(),
                "grads": grads,
                "w": [None] + [W[l].tolist() for l in range(1, L + 1)],
                "b": [None] + [B[l].tolist() for l in range(1, L + 1)],
                "state": [None]
                + [
                    {
                        "w": state_of(opt, spec, lr, W[l]) if layers[l]["trainWeights"] else None,
                        "b": state_of(opt, spec, lr, B[l]) if layers[l]["trainBiases"] else None,
                    }
                    for l in range(1, L + 1)
                ],
            }
        )
    json.dump({"torch": torch.__version__, "iterations": out}, sys.stdout)


main()
