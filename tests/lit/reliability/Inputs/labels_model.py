#!/usr/bin/env python3
"""Writes a bert-tiny model description whose classes head has a label for every control
character (U+0001..U+001F, U+007F), and labels holding the characters generated C and C++ treat
specially (", \\, */, ??=, a line break, non-ASCII), plus the same labels as JSON for
check_labels.py: `labels_model.py OUT.yaml OUT.json VOCAB`."""
import json
import sys

out_yaml, out_json, vocab = sys.argv[1:4]
labels = [f"c{code:02x}:{chr(code)}end" for code in list(range(1, 32)) + [127]]
labels += ['quote"backslash\\', "comment*/end", "trigraph??=", "line\r\nbreak", "caf\u00e9 \u2603"]
with open(out_yaml, "w", encoding="utf-8") as f:
    f.write("name: every_byte\npreset: bert-tiny\ninput: {max_seq_len: 16, max_batch: 2}\n")
    f.write("head:\n  kind: classes\n  labels:\n")
    for label in labels:
        # JSON strings are YAML double-quoted scalars (escapes \\uXXXX and all).
        f.write(f"    - {json.dumps(label)}\n")
    f.write(f"tokenizer: {{vocab: {json.dumps(vocab)}}}\n")
with open(out_json, "w", encoding="utf-8") as f:
    json.dump(labels, f)
