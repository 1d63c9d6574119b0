#!/usr/bin/env python3
"""Runs a command with a resource limit, as `ulimit` would (lit's shell has no ulimit):
`run_limited.py fsize|as BYTES CMD...`. fsize: no file may grow past BYTES (a full disk, as a
process sees it); as: the address space is capped at BYTES (allocation fails). The command's
exit status and output pass through."""
import resource
import subprocess
import sys

kind, limit = sys.argv[1], int(sys.argv[2])
which = {"fsize": resource.RLIMIT_FSIZE, "as": resource.RLIMIT_AS}[kind]


def limit_child():
    resource.setrlimit(which, (limit, limit))


sys.exit(subprocess.call(sys.argv[3:], preexec_fn=limit_child))
