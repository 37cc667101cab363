#!/usr/bin/env python3
"""The Conv nodes of an ONNX model, for `convbench import` (host/import/import_onnx.c).

usage: onnx_import.py MODEL.onnx [--batch N]

Reads the model with the ONNX library (Debian's python3-onnx), runs ONNX shape
inference when the model lacks shapes, and writes one tab-separated line per
item on standard output:

  source  TEXT                      the model and its producer
  conv    NODE  N C H W K R S SH SW PT PL PB PR DH DW G BIAS  DTYPE
  skip    NODE  REASON              a convolution convbench cannot run
  op      TYPE  COUNT               another operator and how often it occurs
  error   MESSAGE                   exit status 2

Attributes follow the ONNX operator specification for Conv: kernel_shape
(else the weights' shape), strides, dilations (default 1), group (default 1),
pads [x1_begin, x2_begin, x1_end, x2_end] (default 0) and auto_pad (NOTSET,
SAME_UPPER, SAME_LOWER, VALID). Padding is given as begin and end here;
convbench decides what it can run. --batch N sets a symbolic batch dimension
(and overrides a fixed one).
"""
import argparse
import collections
import sys

CONV_LIKE = {
    "ConvTranspose": "transposed convolution",
    "ConvInteger": "int8 convolution (convbench has fp32 and fp16)",
    "QLinearConv": "int8 convolution (convbench has fp32 and fp16)",
}


def fail(msg):
    print("error\t" + msg)
    sys.exit(2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--batch", type=int, default=0)
    a = ap.parse_args()
    try:
        import onnx
        from onnx import shape_inference, TensorProto
    except ImportError:
        fail(f"{a.model}: reading ONNX needs Python's onnx package for {sys.executable}: "
             "apt install python3-onnx (or set CONVBENCH_PYTHON to a Python that has it)")
    try:
        model = onnx.load(a.model, load_external_data=False)
    except Exception as e:  # the protobuf library's many decode errors
        fail(f"{a.model}: not an ONNX model ({type(e).__name__}: {str(e)[:200]}); expected a "
             "file written by onnx.save or a framework's ONNX exporter")
    g = model.graph
    if not g.node:
        fail(f"{a.model}: not an ONNX model, or an empty one: its graph has no node")
    init = {t.name: t for t in g.initializer}
    if a.batch > 0:
        for vi in g.input:
            dims = vi.type.tensor_type.shape.dim
            if vi.name not in init and len(dims) >= 3 and not dims[0].dim_value:
                dims[0].dim_value = a.batch
    try:
        inferred = shape_inference.infer_shapes(model)
    except Exception as e:
        fail(f"{a.model}: ONNX shape inference failed: {str(e)[:300]}")
    shapes, types = {}, {}
    for vi in list(inferred.graph.input) + list(inferred.graph.value_info) + list(inferred.graph.output):
        tt = vi.type.tensor_type
        shapes[vi.name] = [d.dim_value if d.HasField("dim_value") else (d.dim_param or "?")
                           for d in tt.shape.dim] if tt.HasField("shape") else None
        types[vi.name] = tt.elem_type
    for t in g.initializer:
        shapes[t.name] = list(t.dims)
        types[t.name] = t.data_type
    opset = max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), default=0)

    others = collections.Counter()
    nconv = 0
    for i, n in enumerate(g.node):
        name = n.name or f"{n.op_type}_{i}"
        if n.op_type in CONV_LIKE:
            print(f"skip\t{name}\t{CONV_LIKE[n.op_type]}")
            continue
        if n.op_type != "Conv" or n.domain not in ("", "ai.onnx"):
            others[n.op_type] += 1
            continue
        nconv += 1
        attr = {x.name: onnx.helper.get_attribute_value(x) for x in n.attribute}
        x = shapes.get(n.input[0])
        w = shapes.get(n.input[1])
        if not x or not w:
            fail(f"{a.model}: node {name}: the shape of its input '{n.input[0] if not x else n.input[1]}' "
                 "is unknown even after shape inference; export the model with fixed input sizes")
        unknown = [i for i, d in enumerate(x) if not isinstance(d, int) or d <= 0]
        if unknown:
            what = "the batch dimension is symbolic ('%s'): give --batch N" % x[0] if unknown == [0] \
                else f"input '{n.input[0]}' has shape {x}: dimension(s) {unknown} unknown; give --batch " \
                     "for the batch, and export the model with a fixed image size for the rest"
            fail(f"{a.model}: node {name}: {what}")
        spatial = len(x) - 2
        if spatial not in (1, 2):
            print(f"skip\t{name}\t{spatial}-D convolution")
            continue
        dt = types.get(n.input[0])
        if dt == TensorProto.FLOAT16:
            dtype = "fp16"
        elif dt in (TensorProto.FLOAT, 0, None):
            dtype = "fp32"
        else:
            print(f"skip\t{name}\tdata type {TensorProto.DataType.Name(dt)} "
                  "(convbench has fp32 and fp16)")
            continue
        ks = list(attr.get("kernel_shape", w[2:]))
        strides = list(attr.get("strides", [1] * spatial))
        dil = list(attr.get("dilations", [1] * spatial))
        group = int(attr.get("group", 1))
        pads = list(attr.get("pads", [0] * (2 * spatial)))
        auto = attr.get("auto_pad", b"NOTSET")
        auto = auto.decode() if isinstance(auto, bytes) else auto
        ins = x[2:]
        if auto in ("SAME_UPPER", "SAME_LOWER"):
            pads = [0] * (2 * spatial)
            for d in range(spatial):
                out = -(-ins[d] // strides[d])
                total = max((out - 1) * strides[d] + (ks[d] - 1) * dil[d] + 1 - ins[d], 0)
                small, big = total // 2, total - total // 2
                pads[d], pads[d + spatial] = (small, big) if auto == "SAME_UPPER" else (big, small)
        elif auto == "VALID":
            pads = [0] * (2 * spatial)
        elif auto != "NOTSET":
            fail(f"{a.model}: node {name}: auto_pad '{auto}'; expected NOTSET, SAME_UPPER, "
                 "SAME_LOWER or VALID")
        if spatial == 1:  # a 1-D convolution is a 2-D one of height 1
            ins, ks, strides, dil = [1] + ins, [1] + ks, [1] + strides, [1] + dil
            pads = [0, pads[0], 0, pads[1]]
        k = w[0]
        bias = 1 if len(n.input) > 2 and n.input[2] else 0
        nums = [a.batch if a.batch > 0 else x[0], x[1], ins[0], ins[1], k, ks[0], ks[1], strides[0], strides[1],
                pads[0], pads[1], pads[2], pads[3], dil[0], dil[1], group, bias]
        print(f"conv\t{name}\t{' '.join(str(int(v)) for v in nums)}\t{dtype}")
    if nconv == 0 and not any(n.op_type in CONV_LIKE for n in g.node):
        fail(f"{a.model}: no Conv node among its {len(g.node)} nodes "
             f"({', '.join(sorted(others)[:8])}); nothing to import")
    producer = " ".join(x for x in (model.producer_name, model.producer_version) if x) or "?"
    print(f"source\t{a.model} (ONNX: producer {producer}, opset {opset}, IR {model.ir_version}; "
          f"{nconv} Conv of its {len(g.node)} nodes; "
          f"shapes by ONNX "
          f"shape inference{', batch ' + str(a.batch) + ' from --batch' if a.batch > 0 else ''})")
    for op, c in sorted(others.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"op\t{op}\t{c}")


if __name__ == "__main__":
    main()
