#!/usr/bin/env python3
"""Writes the PyTorch-made checkpoints of tests/weights/data/ with Debian's python3-torch, from the
tiny allennlp checkpoint (data/tiny-bert-models/allennlp-bert-xsmall-dummy/model.safetensors):

  tiny.bin             torch.save of its state dict, F32, with Hugging Face's "bert." prefix and
                       the int64 position_ids buffer older checkpoints carry
  tiny-f16.bin         the same in float16
  legacy.bin           the pre-1.6 format (_use_new_zipfile_serialization=False)
  transposed.bin       a non-contiguous tensor (a transposed view)
  os-system.bin        a zip like torch.save's whose data.pkl calls os.system on load
  sharded/             model.safetensors.index.json and two shards (F32, bert. prefix)

The weights tests compare what bertc reads from each against the safetensors file. Run it after
changing this script; its outputs are committed so that the tests need no PyTorch.
"""
import collections
import json
import os
import pickle
import sys
import zipfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bert_reference import read_safetensors, write_safetensors  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCE = os.path.join(ROOT, "data/tiny-bert-models/allennlp-bert-xsmall-dummy/model.safetensors")
OUT = os.path.join(ROOT, "tests/weights/data")
# The file a payload that ran would create; the test checks that it does not exist.
SENTINEL = "/tmp/bertc-pickle-payload-ran"


class Payload:
    def __reduce__(self):
        return (os.system, ("touch " + SENTINEL,))


def main():
    weights = read_safetensors(SOURCE)
    state = collections.OrderedDict(("bert." + k, torch.tensor(v)) for k, v in sorted(weights.items()))
    state["bert.embeddings.position_ids"] = torch.arange(512).unsqueeze(0)
    os.makedirs(os.path.join(OUT, "sharded"), exist_ok=True)
    torch.save(state, os.path.join(OUT, "tiny.bin"))
    torch.save(collections.OrderedDict((k, v.half() if v.is_floating_point() else v)
                                       for k, v in state.items()), os.path.join(OUT, "tiny-f16.bin"))
    torch.save({"w": torch.zeros(2)}, os.path.join(OUT, "legacy.bin"),
               _use_new_zipfile_serialization=False)
    torch.save({"w": torch.arange(6.0).reshape(2, 3).t()}, os.path.join(OUT, "transposed.bin"))
    with zipfile.ZipFile(os.path.join(OUT, "os-system.bin"), "w") as z:
        z.writestr("archive/data.pkl", pickle.dumps({"w": Payload()}, protocol=2))
        z.writestr("archive/version", "3\n")

    names = sorted("bert." + k for k in weights)
    shards = {"model-00001-of-00002.safetensors": names[: len(names) // 2],
              "model-00002-of-00002.safetensors": names[len(names) // 2:]}
    weight_map = {}
    for shard, shard_names in shards.items():
        write_safetensors(os.path.join(OUT, "sharded", shard),
                          {n: weights[n[len("bert."):]] for n in shard_names})
        weight_map.update({n: shard for n in shard_names})
    with open(os.path.join(OUT, "sharded", "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": sum(w.nbytes for w in weights.values())},
                   "weight_map": weight_map}, f, indent=2)


if __name__ == "__main__":
    main()
