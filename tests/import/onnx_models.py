#!/usr/bin/env python3
"""Models for the ONNX import tests, built here (none is downloaded), and the
FLOP counts convbench's import must match, counted independently of it.

usage:
  onnx_models.py every-attribute OUT.onnx
      A model made with onnx.helper that uses every Conv attribute (auto_pad in
      all four spellings, uneven pads, dilation, groups, strides, a missing
      kernel_shape, a 1-D convolution) plus a ConvTranspose and other
      operators. Prints the FLOP total of the convolutions convbench can run at
      batch 2, from the attributes by the ONNX specification's formulas.
  onnx_models.py torchvision OUTDIR BATCH NAME...
      torchvision's NAMEs (resnet18, mobilenet_v2; random weights) exported by
      PyTorch with a symbolic batch as OUTDIR/NAME.onnx. Prints "NAME CONVS
      FLOP" per model: its nn.Conv2d calls and their FLOP total at BATCH,
      counted with forward hooks on the PyTorch module:
      2 * N * K * (C / groups) * R * S * P * Q from the tensors each sees.
"""
import sys


def every_attribute(out):
    import onnx
    from onnx import helper, TensorProto

    def tensor(name, shape):
        return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)

    def weights(name, shape):
        n = 1
        for d in shape:
            n *= d
        return helper.make_tensor(name, TensorProto.FLOAT, shape, [0.0] * n)

    # (node name, input, weights shape, attributes, bias?, output, the FLOP it
    #  must count at batch 2 or None when it must be skipped)
    convs = []

    def conv(name, inp, wshape, attrs, bias, out_hw):
        k, cg, *taps = wshape
        flops = None if out_hw is None else 2 * 2 * k * cg * out_hw[0] * out_hw[1]
        for t in taps:
            flops = None if flops is None else flops * t
        convs.append((name, inp, wshape, attrs, bias, flops))

    # X: [batch, 8, 16, 16]; Y: [batch, 8, 15, 15]; Z: [batch, 4, 20] (1-D)
    conv("plain", "X", [8, 8, 3, 3], dict(kernel_shape=[3, 3], pads=[1, 1, 1, 1]), True, (16, 16))
    conv("no_kernel_shape", "X", [4, 8, 1, 1], {}, False, (16, 16))
    conv("same_upper_s2", "X", [8, 8, 3, 3], dict(auto_pad="SAME_UPPER", strides=[2, 2]), False,
         None)  # pads (0, 1) on each axis: the windows start at 0, symmetric pad 0 gives 7 not 8
    conv("same_lower_s1", "X", [8, 8, 3, 3], dict(auto_pad="SAME_LOWER"), False, (16, 16))
    conv("same_upper_1x1", "X", [8, 8, 1, 1], dict(auto_pad="SAME_UPPER"), False, (16, 16))
    conv("valid", "X", [8, 8, 3, 3], dict(auto_pad="VALID"), True, (14, 14))
    conv("notset_explicit", "X", [8, 8, 3, 3], dict(auto_pad="NOTSET", pads=[2, 2, 2, 2]), False,
         (18, 18))
    conv("dilated", "X", [8, 8, 3, 3], dict(dilations=[2, 2], pads=[2, 2, 2, 2]), False, (16, 16))
    conv("dilated_rect", "X", [8, 8, 3, 5], dict(dilations=[1, 3], pads=[1, 6, 1, 6]), False,
         (16, 16))
    conv("grouped", "X", [8, 2, 3, 3], dict(group=4, pads=[1, 1, 1, 1]), False, (16, 16))
    conv("depthwise", "X", [8, 1, 3, 3], dict(group=8, pads=[1, 1, 1, 1], strides=[2, 2]), True,
         (8, 8))
    conv("strided_rect", "X", [8, 8, 3, 3], dict(strides=[1, 2], pads=[1, 1, 1, 1]), False,
         (16, 8))
    conv("asymmetric_pads", "X", [8, 8, 3, 3], dict(pads=[0, 0, 1, 1]), False, None)
    # 15 + 1 + 2 - 3 = 15, /2 + 1 = 8 windows; symmetric pad 1 gives the same 8,
    # and the second end pad row is never read: imported as pad 1.
    conv("uneven_unused_end", "Y", [8, 8, 3, 3], dict(pads=[1, 1, 2, 2], strides=[2, 2]), False,
         (8, 8))
    conv("conv1d", "Z", [4, 4, 3], dict(pads=[1, 1]), True, (1, 20))

    nodes, inits, outputs = [], [], []
    for name, inp, wshape, attrs, bias, _ in convs:
        ins = [inp, name + "_w"]
        inits.append(weights(name + "_w", wshape))
        if bias:
            ins.append(name + "_b")
            inits.append(weights(name + "_b", [wshape[0]]))
        nodes.append(helper.make_node("Conv", ins, [name + "_y"], name=name, **attrs))
        outputs.append(helper.make_tensor_value_info(name + "_y", TensorProto.FLOAT, None))
    inits.append(weights("up_w", [8, 4, 2, 2]))
    nodes.append(helper.make_node("ConvTranspose", ["X", "up_w"], ["up_y"], name="upsample",
                                  strides=[2, 2]))
    nodes.append(helper.make_node("Relu", ["plain_y"], ["relu_y"], name="relu"))
    nodes.append(helper.make_node("Add", ["relu_y", "same_lower_s1_y"], ["sum_y"], name="add"))
    nodes.append(helper.make_node("Relu", ["sum_y"], ["relu2_y"], name="relu2"))
    outputs += [helper.make_tensor_value_info(n, TensorProto.FLOAT, None)
                for n in ("up_y", "relu2_y")]
    graph = helper.make_graph(
        nodes, "every_attribute",
        [tensor("X", ["batch", 8, 16, 16]), tensor("Y", ["batch", 8, 15, 15]),
         tensor("Z", ["batch", 4, 20])], outputs, inits)
    model = helper.make_model(graph, producer_name="convbench-tests",
                              opset_imports=[helper.make_opsetid("", 13)])
    onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)  # valid ONNX
    onnx.save(model, out)
    print(sum(f for *_, f in convs if f is not None))


def torchvision_models(outdir, batch, names):
    import torch
    import torchvision
    for name in names:
        model = getattr(torchvision.models, name)().eval()
        calls, total = 0, 0

        def hook(mod, inp, outp):
            nonlocal calls, total
            n, c, _, _ = inp[0].shape
            _, k, p, q = outp.shape
            r, s = mod.kernel_size
            calls += 1
            total += 2 * n * k * (c // mod.groups) * r * s * p * q

        for m in model.modules():
            if isinstance(m, torch.nn.Conv2d):
                m.register_forward_hook(hook)
        x = torch.zeros(batch, 3, 224, 224)
        with torch.no_grad():
            model(x)
        counted = (calls, total)  # before the export, which runs the hooks again
        torch.onnx.export(model, x, f"{outdir}/{name}.onnx", input_names=["image"],
                          dynamic_axes={"image": {0: "batch"}}, opset_version=13)
        print(name, *counted)


if __name__ == "__main__":
    if sys.argv[1] == "every-attribute":
        every_attribute(sys.argv[2])
    elif sys.argv[1] == "torchvision":
        torchvision_models(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    else:
        sys.exit(__doc__)
