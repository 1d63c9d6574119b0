#!/usr/bin/python3
"""ONNX Runtime's dynamic int8 peer: the graph `onnxruntime.quantization.quantize_dynamic`
writes (per_channel=True, MatMulConstBOnly), built with Debian's python3-onnx.

  /usr/bin/python3 quantize_onnx.py IN.onnx OUT.onnx

Every MatMul whose second input is a constant [K, N] weight becomes
com.microsoft.DynamicQuantizeMatMul(A, B_int8, b_scale, b_zero_point): B quantized per output
column, symmetric (scale = max|W[:, n]| / 127, zero point 0); ORT quantizes A per call.
LayerNorm, softmax, GELU, the attention matmuls (no constant operand) and residuals stay fp32.
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def quantize(model):
    graph = model.graph
    weights = {init.name: init for init in graph.initializer}
    replaced, used = 0, set()
    for i, node in enumerate(list(graph.node)):
        if node.op_type != "MatMul" or node.input[1] not in weights:
            continue
        w = numpy_helper.to_array(weights[node.input[1]]).astype(np.float32)
        if w.ndim != 2:
            continue
        m = np.abs(w).max(axis=0)
        scale = np.where(m > 0, m / 127.0, 1.0).astype(np.float32)
        q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
        base = node.input[1]
        graph.initializer.extend([
            numpy_helper.from_array(q, base + "_quantized"),
            numpy_helper.from_array(scale, base + "_scale"),
            numpy_helper.from_array(np.zeros(w.shape[1], np.int8), base + "_zero_point"),
        ])
        used.add(base)
        graph.node.remove(node)
        graph.node.insert(i, helper.make_node(
            "DynamicQuantizeMatMul",
            [node.input[0], base + "_quantized", base + "_scale", base + "_zero_point"],
            list(node.output), name=(node.name or base) + "_quant", domain="com.microsoft"))
        replaced += 1
    for name in used:  # the fp32 copies no node reads any more
        if not any(name in n.input for n in graph.node):
            graph.initializer.remove(weights[name])
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return replaced


def main():
    model = onnx.load(sys.argv[1])
    replaced = quantize(model)
    if replaced == 0:
        sys.exit("quantize_onnx.py: no MatMul with a constant weight in " + sys.argv[1])
    onnx.save(model, sys.argv[2])
    print(f"{replaced} MatMuls quantized", file=sys.stderr)


if __name__ == "__main__":
    main()
