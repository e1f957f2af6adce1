"""Data-parallel training of a small regression model with torch.distributed (gloo) and DistributedDataParallel.

The same script runs unchanged on ModelArts and on the local service, with any number of workers:
- v2 jobs: VC_WORKER_HOSTS (every worker's host, the first is the master), VC_TASK_INDEX, VC_WORKER_NUM,
  and MASTER_PORT when the job sets it (29500 otherwise);
- v1 jobs: DLS_TASK_INDEX, DLS_TASK_NUMBER and BATCH_CUSTOM0_HOSTS ("host:port" of worker 0), used as the
  tcp:// init method;
- neither: one worker on its own.
The data is synthetic (a noisy sine of a random projection; nothing is downloaded); rank 0 writes the model to --train_url.
"""
import argparse
import json
import os
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel


def cluster():
    """(init method, rank, world size) from the job's environment."""
    if os.environ.get("VC_WORKER_HOSTS"):
        hosts = os.environ["VC_WORKER_HOSTS"].split(",")
        port = os.environ.get("MASTER_PORT", "29500")
        return (f"tcp://{hosts[0]}:{port}", int(os.environ.get("VC_TASK_INDEX", "0")),
                int(os.environ.get("VC_WORKER_NUM", str(len(hosts)))))
    if os.environ.get("BATCH_CUSTOM0_HOSTS"):
        return ("tcp://" + os.environ["BATCH_CUSTOM0_HOSTS"], int(os.environ.get("DLS_TASK_INDEX", "0")),
                int(os.environ.get("DLS_TASK_NUMBER", "1")))
    return None, 0, 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data_url", default="")
    parser.add_argument("--train_url", default=os.environ.get("TRAIN_URL", "."))
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--samples", type=int, default=4096)
    parser.add_argument("--pause", type=float, default=0.0, help="seconds of rest per epoch, so a followed log visibly arrives live")
    args, _ = parser.parse_known_args()

    init_method, rank, world_size = cluster()
    if init_method is not None:
        dist.init_process_group("gloo", init_method=init_method, rank=rank, world_size=world_size)
    print(f"rank {rank} of world size {world_size} (init {init_method or 'none'})", flush=True)

    # Every rank draws the same data and keeps its own share of it.
    generator = torch.Generator().manual_seed(17)
    features = torch.randn(args.samples, 16, generator=generator)
    truth = torch.randn(16, 1, generator=generator)
    labels = torch.sin(features @ truth) + 0.01 * torch.randn(args.samples, 1, generator=generator)
    features, labels = features[rank::world_size], labels[rank::world_size]

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(16, 64), torch.nn.Tanh(), torch.nn.Linear(64, 1))
    if init_method is not None:
        model = DistributedDataParallel(model)
    optimiser = torch.optim.SGD(model.parameters(), lr=args.lr)
    loss_function = torch.nn.MSELoss()

    for epoch in range(1, args.epochs + 1):
        for start in range(0, len(features), 64):
            optimiser.zero_grad()
            loss = loss_function(model(features[start:start + 64]), labels[start:start + 64])
            loss.backward()
            optimiser.step()
        with torch.no_grad():
            epoch_loss = loss_function(model(features), labels)
        if init_method is not None:
            dist.all_reduce(epoch_loss)
            epoch_loss /= world_size
        print(f"rank {rank} epoch {epoch} loss {epoch_loss.item():.6f}", flush=True)
        time.sleep(args.pause)

    weights = (model.module if init_method is not None else model).state_dict()
    checksum = sum(float(t.double().sum()) for t in weights.values())
    print(f"rank {rank} weight checksum {checksum:.6f}", flush=True)
    if rank == 0:
        os.makedirs(args.train_url, exist_ok=True)
        torch.save(weights, os.path.join(args.train_url, "model.pt"))
        with open(os.path.join(args.train_url, "metrics.json"), "w") as out:
            json.dump({"world_size": world_size, "epochs": args.epochs, "loss": epoch_loss.item()}, out)
        print(f"rank 0 wrote the model to {os.path.join(args.train_url, 'model.pt')}", flush=True)
    if init_method is not None:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
