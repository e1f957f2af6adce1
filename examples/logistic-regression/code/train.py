"""Logistic regression by batch gradient descent, in plain Python (no third-party packages).

ModelArts passes the data and output locations as --data_url and --train_url (local folders on
v2, which downloads the inputs first and uploads what is written to --train_url), and each
hyperparameter as --<label>=<value>. Reads <data_url>/train.csv (features..., label),
prints the loss per epoch and writes the model to <train_url>/model.json.
"""
import argparse
import csv
import json
import math
import os
import sys
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data_url", required=True)
    parser.add_argument("--train_url", required=True)
    parser.add_argument("--learning_rate", type=float, default=0.5)
    parser.add_argument("--epochs", type=int, default=20)
    # Seconds to rest after each epoch, so that a demo's live log has something to follow.
    parser.add_argument("--pause", type=float, default=0.0)
    # Unknown arguments are tolerated, as on ModelArts, where the platform may add its own.
    args, _ = parser.parse_known_args()
    return args


def load(path):
    with open(path, newline="") as handle:
        rows = [row for row in csv.reader(handle) if row]
    header, data = rows[0], rows[1:]
    features = [[float(v) for v in row[:-1]] for row in data]
    labels = [float(row[-1]) for row in data]
    return header[:-1], features, labels


def standardize(features):
    """Scales every feature to mean 0 and variance 1, so one learning rate suits them all."""
    columns = list(zip(*features))
    means = [sum(c) / len(c) for c in columns]
    stds = [math.sqrt(sum((v - m) ** 2 for v in c) / len(c)) or 1.0 for c, m in zip(columns, means)]
    scaled = [[(v - m) / s for v, m, s in zip(row, means, stds)] for row in features]
    return scaled, means, stds


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def train(features, labels, learning_rate, epochs, pause):
    weights = [0.0] * len(features[0])
    bias = 0.0
    n = len(features)
    for epoch in range(1, epochs + 1):
        grad_w = [0.0] * len(weights)
        grad_b = 0.0
        loss = 0.0
        correct = 0
        for x, y in zip(features, labels):
            p = sigmoid(sum(w * v for w, v in zip(weights, x)) + bias)
            loss -= y * math.log(max(p, 1e-12)) + (1 - y) * math.log(max(1 - p, 1e-12))
            correct += int((p >= 0.5) == (y >= 0.5))
            for i, v in enumerate(x):
                grad_w[i] += (p - y) * v
            grad_b += p - y
        weights = [w - learning_rate * g / n for w, g in zip(weights, grad_w)]
        bias -= learning_rate * grad_b / n
        print(f"epoch {epoch:3d}/{epochs}  loss={loss / n:.4f}  accuracy={correct / n:.3f}", flush=True)
        time.sleep(pause)
    return weights, bias, loss / n, correct / n


def main():
    args = parse_args()
    # v2 numbers its workers in VC_TASK_INDEX, v1 in DLS_TASK_INDEX.
    worker = os.environ.get("VC_TASK_INDEX", os.environ.get("DLS_TASK_INDEX", "0"))
    print(f"worker {worker}: reading {args.data_url}", flush=True)
    names, features, labels = load(os.path.join(args.data_url, "train.csv"))
    print(f"{len(features)} samples, {len(names)} features, learning_rate={args.learning_rate}, epochs={args.epochs}", flush=True)
    scaled, means, stds = standardize(features)
    weights, bias, loss, accuracy = train(scaled, labels, args.learning_rate, args.epochs, args.pause)
    os.makedirs(args.train_url, exist_ok=True)
    model = {"features": names, "means": means, "stds": stds, "weights": weights, "bias": bias, "loss": loss, "accuracy": accuracy}
    with open(os.path.join(args.train_url, "model.json"), "w") as handle:
        json.dump(model, handle, indent=2)
    print(f"model written to {os.path.join(args.train_url, 'model.json')}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
