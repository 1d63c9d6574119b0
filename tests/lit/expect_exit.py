#!/usr/bin/env python3
"""Runs a command and succeeds only if it exits with the given status: `expect_exit.py N CMD...`.

lit's `not` accepts any non-zero status; our tools promise exactly 1 for invalid input and 2 for
usage errors, and the tests check that promise. The command's output passes through.
"""
import subprocess
import sys

want = int(sys.argv[1])
got = subprocess.call(sys.argv[2:])
if got != want:
    sys.stderr.write(f"expect_exit: {sys.argv[2:]} exited {got}, expected {want}\n")
    sys.exit(1)
