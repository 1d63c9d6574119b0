#!/usr/bin/env python3
"""Checks that a filter answers each line as it reads it, not at the end of its input: writes one
line to CMD's stdin, waits (at most 60 s) for one line of answer while stdin stays open, then a
second; prints each answer. `stream_check.py LINE1 LINE2 CMD...`"""
import select
import subprocess
import sys

first, second = sys.argv[1:3]
proc = subprocess.Popen(sys.argv[3:], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def answer(line):
    proc.stdin.write(line + "\n")
    proc.stdin.flush()
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    if not ready:
        proc.kill()
        sys.exit(f"no answer to {line!r} while the input was still open")
    print("answered while open:", proc.stdout.readline().rstrip("\n"))


answer(first)
answer(second)
proc.stdin.close()
rest = proc.stdout.read()
sys.exit(proc.wait() or (1 if rest else 0))
