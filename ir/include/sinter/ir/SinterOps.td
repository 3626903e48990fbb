//===- SinterOps.td - sinter dialect ops -------------------*- tablegen -*-===//
//
// Every op: a summary, a description with an example, result-type inference
// (InferTypeOpAdaptor; the shape rules live in ShapeRules.cpp so that the
// interpreter checks dynamic shapes with the same code), and a verifier whose
// message names the rule broken.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_OPS
#define SINTER_OPS

include "sinter/ir/SinterDialect.td"
include "sinter/ir/SinterInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

class Sinter_Op<string mnemonic, list<Trait> traits = []>
    : Op<Sinter_Dialect, mnemonic,
         !listconcat(traits, [InferTypeOpAdaptor,
             DeclareOpInterfaceMethods<Sinter_DifferentiableOpInterface>])>;

// The shared inference definition of an op family: `rule` is the C++
// function (in SinterOps.cpp) that every op of the family calls.
class Sinter_InferredBy<string rule> {
  code inferDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, ::std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return ::mlir::sinter::}] # rule # [{(
          context, loc, adaptor, types, getOperationName());
    }
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops, broadcasting as PyTorch does
//===----------------------------------------------------------------------===//

class Sinter_BroadcastBinaryOp<string mnemonic, Type operandType,
                               string rule, list<Trait> traits = []>
    : Sinter_Op<mnemonic, !listconcat(traits, [Pure])>,
      Sinter_InferredBy<rule> {
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
}

class Sinter_ArithmeticOp<string mnemonic, string torchName,
                          list<Trait> traits = []>
    : Sinter_BroadcastBinaryOp<mnemonic, Sinter_NumericTensor,
                               "inferArithmeticBinary", traits> {
  let summary = "elementwise " # torchName # " with broadcasting";
  let hasFolder = 1;
}

def Sinter_AddOp : Sinter_ArithmeticOp<"add", "torch.add", [Commutative]> {
  let description = [{
    `lhs + rhs`, as `torch.add`. The operands share an element type; their
    shapes broadcast as PyTorch broadcasts (dimensions aligned from the right,
    a dimension of size 1 stretches).

    Example:
    ```mlir
    %y = sinter.add %x, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    ```
  }];
}

def Sinter_SubOp : Sinter_ArithmeticOp<"sub", "torch.sub"> {
  let description = [{
    `lhs - rhs`, as `torch.sub`, with broadcasting.

    Example:
    ```mlir
    %d = sinter.sub %y, %t : (tensor<8x10xf32>, tensor<8x10xf32>) -> tensor<8x10xf32>
    ```
  }];
}

def Sinter_MulOp : Sinter_ArithmeticOp<"mul", "torch.mul", [Commutative]> {
  let description = [{
    `lhs * rhs`, as `torch.mul`, with broadcasting. A scalar factor is a
    0-d tensor operand.

    Example:
    ```mlir
    %c = sinter.constant dense<2.0> : tensor<f32>
    %y = sinter.mul %x, %c : (tensor<4x3xf32>, tensor<f32>) -> tensor<4x3xf32>
    ```
  }];
}

def Sinter_DivOp : Sinter_BroadcastBinaryOp<"div", Sinter_FloatTensor,
                                            "inferArithmeticBinary"> {
  let summary = "elementwise true division with broadcasting";
  let description = [{
    `lhs / rhs`, as `torch.div` with `rounding_mode=None`, on floating-point
    tensors (cast integers first).

    Example:
    ```mlir
    %y = sinter.div %x, %n : (tensor<4x3xf32>, tensor<f32>) -> tensor<4x3xf32>
    ```
  }];
  let hasFolder = 1;
}

def Sinter_MaximumOp : Sinter_ArithmeticOp<"maximum", "torch.maximum",
                                           [Commutative]> {
  let description = [{
    The larger of `lhs` and `rhs` per element, as `torch.maximum`; NaN if
    either is NaN.

    Example:
    ```mlir
    %y = sinter.maximum %x, %zero : (tensor<4x3xf32>, tensor<f32>) -> tensor<4x3xf32>
    ```
  }];
}

def Sinter_MinimumOp : Sinter_ArithmeticOp<"minimum", "torch.minimum",
                                           [Commutative]> {
  let description = [{
    The smaller of `lhs` and `rhs` per element, as `torch.minimum`; NaN if
    either is NaN.

    Example:
    ```mlir
    %y = sinter.minimum %x, %one : (tensor<4x3xf32>, tensor<f32>) -> tensor<4x3xf32>
    ```
  }];
}

class Sinter_CompareOp<string mnemonic, string torchName, string symbol>
    : Sinter_BroadcastBinaryOp<mnemonic, Sinter_NumericTensor,
                               "inferCompareBinary"> {
  let summary = "elementwise `" # symbol # "` with broadcasting, giving i1";
  let description = [{
    `lhs }] # symbol # [{ rhs` per element, as `}] # torchName # [{`: the
    operands share an element type and broadcast; the result is a tensor of
    `i1`.

    Example:
    ```mlir
    %m = sinter.}] # mnemonic # [{ %x, %zero : (tensor<4x3xf32>, tensor<f32>) -> tensor<4x3xi1>
    ```
  }];
}

def Sinter_GtOp : Sinter_CompareOp<"gt", "torch.gt", ">">;
def Sinter_GeOp : Sinter_CompareOp<"ge", "torch.ge", ">=">;
def Sinter_LtOp : Sinter_CompareOp<"lt", "torch.lt", "<">;
def Sinter_LeOp : Sinter_CompareOp<"le", "torch.le", "<=">;
def Sinter_EqOp : Sinter_CompareOp<"eq", "torch.eq", "==">;

def Sinter_WhereOp : Sinter_Op<"where", [Pure]>,
                     Sinter_InferredBy<"inferWhere"> {
  let summary = "select per element between two tensors";
  let description = [{
    `condition ? self : other` per element, as `torch.where(condition, self,
    other)`. The three operands broadcast together; `self` and `other` share
    an element type, which the result has.

    Example:
    ```mlir
    %y = sinter.where %m, %x, %zero : (tensor<4x3xi1>, tensor<4x3xf32>, tensor<f32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Sinter_BoolTensor:$condition, Sinter_Tensor:$self,
                       Sinter_Tensor:$other);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat = "$condition `,` $self `,` $other attr-dict `:` "
                       "functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class Sinter_UnaryOp<string mnemonic, Type operandType,
                     list<Trait> traits = []>
    : Sinter_Op<mnemonic, !listconcat(traits, [Pure])>,
      Sinter_InferredBy<"inferSameAsInput"> {
  let arguments = (ins operandType:$input);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
}

class Sinter_MathOp<string mnemonic, string torchName, string formula>
    : Sinter_UnaryOp<mnemonic, Sinter_FloatTensor> {
  let summary = "elementwise " # formula # ", as " # torchName;
  let description = [{
    `}] # formula # [{` per element, as `}] # torchName # [{`, on a
    floating-point tensor; the result has the input's type.

    Example:
    ```mlir
    %y = sinter.}] # mnemonic # [{ %x : (tensor<?x128xf32>) -> tensor<?x128xf32>
    ```
  }];
}

def Sinter_NegOp : Sinter_UnaryOp<"neg", Sinter_NumericTensor> {
  let summary = "elementwise negation";
  let description = [{
    `-input` per element, as `torch.neg`.

    Example:
    ```mlir
    %y = sinter.neg %x : (tensor<4x3xf32>) -> tensor<4x3xf32>
    ```
  }];
  let hasFolder = 1;
}

def Sinter_ExpOp : Sinter_MathOp<"exp", "torch.exp", "exp(x)">;
def Sinter_LogOp : Sinter_MathOp<"log", "torch.log", "log(x)">;
def Sinter_SqrtOp : Sinter_MathOp<"sqrt", "torch.sqrt", "sqrt(x)">;
def Sinter_RsqrtOp : Sinter_MathOp<"rsqrt", "torch.rsqrt", "1 / sqrt(x)">;
def Sinter_SigmoidOp : Sinter_MathOp<"sigmoid", "torch.sigmoid",
                                     "1 / (1 + exp(-x))">;
def Sinter_TanhOp : Sinter_MathOp<"tanh", "torch.tanh", "tanh(x)">;

def Sinter_ReluOp : Sinter_UnaryOp<"relu", Sinter_NumericTensor> {
  let summary = "elementwise max(x, 0), as F.relu";
  let description = [{
    `max(x, 0)` per element, as `torch.nn.functional.relu`; NaN stays NaN.

    Example:
    ```mlir
    %h = sinter.relu %z : (tensor<?x256xf32>) -> tensor<?x256xf32>
    ```
  }];
}

def Sinter_PowOp : Sinter_Op<"pow", [Pure]>,
                   Sinter_InferredBy<"inferSameAsInput"> {
  let summary = "elementwise power with a scalar exponent";
  let description = [{
    `input ** exponent` per element, as `torch.pow(input, exponent)` with a
    Python-number exponent. `input` is floating point; the exponent is an
    `f64` attribute.

    Example:
    ```mlir
    %sq = sinter.pow %x {exponent = 2.0 : f64} : (tensor<4x3xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Sinter_FloatTensor:$input, F64Attr:$exponent);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasFolder = 1;
}

def Sinter_CastOp : Sinter_Op<"cast", [Pure]>,
                    Sinter_InferredBy<"inferCast"> {
  let summary = "convert the element type, as Tensor.to(dtype)";
  let description = [{
    Converts every element to `dtype`, as `Tensor.to(dtype)`: floating point
    to integer truncates toward zero, anything to `i1` is `x != 0`, `i1` to a
    number is 0 or 1.

    Example:
    ```mlir
    %f = sinter.cast %labels {dtype = f32} : (tensor<?xi64>) -> tensor<?xf32>
    ```
  }];
  let arguments = (ins Sinter_Tensor:$input, Sinter_DTypeAttr:$dtype);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

class Sinter_SoftmaxLikeOp<string mnemonic, string torchName, string formula>
    : Sinter_Op<mnemonic, [Pure]>, Sinter_InferredBy<"inferDimPreserving"> {
  let summary = formula # " along `dim`, as " # torchName;
  let description = [{
    `}] # formula # [{` along dimension `dim`, as `}] # torchName # [{(input,
    dim)`, computed stably (the maximum along `dim` is subtracted first).
    `dim` may be negative.

    Example:
    ```mlir
    %p = sinter.}] # mnemonic # [{ %logits {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins Sinter_FloatTensor:$input, I64Attr:$dim);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasCanonicalizer = 1;
}

def Sinter_SoftmaxOp : Sinter_SoftmaxLikeOp<"softmax", "F.softmax",
                                            "exp(x) / sum(exp(x))">;
def Sinter_LogSoftmaxOp : Sinter_SoftmaxLikeOp<"log_softmax",
                                               "F.log_softmax",
                                               "x - log(sum(exp(x)))">;

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

def Sinter_MatmulOp : Sinter_Op<"matmul", [Pure]>,
                      Sinter_InferredBy<"inferMatmul"> {
  let summary = "matrix product, 2-D or batched, as torch.matmul";
  let description = [{
    The matrix product of the last two dimensions, as `torch.matmul`:
    `[..., n, k] x [..., k, m] -> [..., n, m]`. Both operands have rank 2 or
    more (unsqueeze a vector first); leading batch dimensions broadcast.
    Operands share a floating-point element type.

    Example:
    ```mlir
    %c = sinter.matmul %a, %b : (tensor<?x784xf32>, tensor<784x256xf32>) -> tensor<?x256xf32>
    %s = sinter.matmul %q, %k : (tensor<8x16x64xf32>, tensor<8x64x16xf32>) -> tensor<8x16x16xf32>
    ```
  }];
  let arguments = (ins Sinter_FloatTensor:$lhs, Sinter_FloatTensor:$rhs);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
}

def Sinter_LinearOp : Sinter_Op<"linear", [Pure]>,
                      Sinter_InferredBy<"inferLinear"> {
  let summary = "x·Wᵀ + b, as F.linear";
  let description = [{
    `input · weightᵀ + bias`, as `torch.nn.functional.linear`, with
    PyTorch's weight layout `[out_features, in_features]`. `input` is
    `[..., in_features]`, the optional `bias` is `[out_features]`, the result
    is `[..., out_features]`.

    Example:
    ```mlir
    %h = sinter.linear %x, %w, %b : (tensor<?x784xf32>, tensor<256x784xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %g = sinter.linear %x, %w : (tensor<?x784xf32>, tensor<256x784xf32>) -> tensor<?x256xf32>
    ```
  }];
  let arguments = (ins Sinter_FloatTensor:$input, Sinter_FloatTensor:$weight,
                       Optional<Sinter_FloatTensor>:$bias);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat = "$input `,` $weight (`,` $bias^)? attr-dict `:` "
                       "functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
}

def Sinter_TransposeOp : Sinter_Op<"transpose", [Pure]>,
                         Sinter_InferredBy<"inferTranspose"> {
  let summary = "swap two dimensions, as torch.transpose";
  let description = [{
    Swaps dimensions `dim0` and `dim1`, as `torch.transpose(input, dim0,
    dim1)`; negative dims count from the end.

    Example:
    ```mlir
    %wt = sinter.transpose %w {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<256x784xf32>) -> tensor<784x256xf32>
    ```
  }];
  let arguments = (ins Sinter_Tensor:$input, I64Attr:$dim0, I64Attr:$dim1);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasFolder = 1;
}

def Sinter_PermuteOp : Sinter_Op<"permute", [Pure]>,
                       Sinter_InferredBy<"inferPermute"> {
  let summary = "reorder dimensions, as torch.permute";
  let description = [{
    Result dimension `i` is input dimension `dims[i]`, as
    `torch.permute(input, dims)`. `dims` is a permutation of the input's
    dimensions (negative entries count from the end).

    Example:
    ```mlir
    %y = sinter.permute %x {dims = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
    ```
  }];
  let arguments = (ins Sinter_Tensor:$input, DenseI64ArrayAttr:$dims);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

def Sinter_ReshapeOp : Sinter_Op<"reshape", [Pure]>,
                       Sinter_InferredBy<"inferReshape"> {
  let summary = "same elements in a new shape, as torch.reshape";
  let description = [{
    The input's elements, in row-major order, in shape `shape`, as
    `torch.reshape`. One entry of `shape` may be `-1`: it is inferred from
    the element count (dynamic when the input has a dynamic dimension).

    Example:
    ```mlir
    %flat = sinter.reshape %img {shape = array<i64: -1, 784>} : (tensor<?x28x28xf32>) -> tensor<?x784xf32>
    ```
  }];
  let arguments = (ins Sinter_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasFolder = 1;
}

def Sinter_BroadcastToOp : Sinter_Op<"broadcast_to", [Pure]>,
                           Sinter_InferredBy<"inferBroadcastTo"> {
  let summary = "broadcast to a shape, as torch.broadcast_to";
  let description = [{
    Stretches dimensions of size 1 and prepends new leading dimensions so that
    the input has shape `shape`, as `torch.broadcast_to` (`Tensor.expand`):
    `-1` keeps the input's size in that dimension.

    Example:
    ```mlir
    %b2 = sinter.broadcast_to %b {shape = array<i64: 4, 3>} : (tensor<3xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Sinter_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasFolder = 1;
}

def Sinter_SqueezeOp : Sinter_Op<"squeeze", [Pure]>,
                       Sinter_InferredBy<"inferSqueeze"> {
  let summary = "drop dimensions of size 1, as torch.squeeze";
  let description = [{
    Removes the dimensions listed in `dims` that have size 1 (listed
    dimensions of another size stay, as in PyTorch); with `dims` empty or
    absent, removes every dimension of size 1. A dynamic dimension cannot be
    squeezed.

    Example:
    ```mlir
    %y = sinter.squeeze %x {dims = array<i64: 1>} : (tensor<4x1x3xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Sinter_Tensor:$input,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$dims);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasFolder = 1;
}

def Sinter_UnsqueezeOp : Sinter_Op<"unsqueeze", [Pure]>,
                         Sinter_InferredBy<"inferUnsqueeze"> {
  let summary = "insert a dimension of size 1, as torch.unsqueeze";
  let description = [{
    Inserts a dimension of size 1 at position `dim` of the result, as
    `torch.unsqueeze`; `dim` is in `[-rank-1, rank]`.

    Example:
    ```mlir
    %y = sinter.unsqueeze %x {dim = 0 : i64} : (tensor<3xf32>) -> tensor<1x3xf32>
    ```
  }];
  let arguments = (ins Sinter_Tensor:$input, I64Attr:$dim);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasFolder = 1;
}

def Sinter_ConcatOp : Sinter_Op<"concat", [Pure]>,
                      Sinter_InferredBy<"inferConcat"> {
  let summary = "join tensors along a dimension, as torch.cat";
  let description = [{
    Joins the inputs along `dim`, as `torch.cat(inputs, dim)`. The inputs share
    element type and rank, and agree on every other dimension.

    Example:
    ```mlir
    %y = sinter.concat %a, %b {dim = 1 : i64} : (tensor<4x2xf32>, tensor<4x3xf32>) -> tensor<4x5xf32>
    ```
  }];
  let arguments = (ins Variadic<Sinter_Tensor>:$inputs, I64Attr:$dim);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$inputs attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasFolder = 1;
}

def Sinter_SliceOp : Sinter_Op<"slice", [Pure]>,
                     Sinter_InferredBy<"inferSlice"> {
  let summary = "elements start:end:step along a dimension, as x[..., a:b:c]";
  let description = [{
    Keeps indices `start, start+step, ...` below `end` along `dim`, as Python
    slicing `x[:, start:end:step]` (`torch.narrow` with a step). Negative
    `start`/`end` count from the end; both are clamped to the dimension, as
    Python clamps; `step` is positive. `end` defaults to the end of the
    dimension.

    Example:
    ```mlir
    %y = sinter.slice %x {dim = 1 : i64, start = 1 : i64, end = 5 : i64, step = 2 : i64} : (tensor<4x6xf32>) -> tensor<4x2xf32>
    ```
  }];
  let arguments = (ins Sinter_Tensor:$input, I64Attr:$dim,
                       DefaultValuedAttr<I64Attr, "0">:$start,
                       DefaultValuedAttr<I64Attr,
                           "std::numeric_limits<int64_t>::max()">:$end,
                       DefaultValuedAttr<I64Attr, "1">:$step);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasFolder = 1;
}

def Sinter_FlattenOp : Sinter_Op<"flatten", [Pure]>,
                       Sinter_InferredBy<"inferFlatten"> {
  let summary = "merge a range of dimensions, as torch.flatten";
  let description = [{
    Merges dimensions `start_dim` to `end_dim` (inclusive, negative counts from
    the end) into one, as `torch.flatten(input, start_dim, end_dim)`. The
    defaults are torch.flatten's (0 and -1); `nn.Flatten` uses
    `start_dim = 1`.

    Example:
    ```mlir
    %y = sinter.flatten %img {start_dim = 1 : i64} : (tensor<?x28x28xf32>) -> tensor<?x784xf32>
    ```
  }];
  let arguments = (ins Sinter_Tensor:$input,
                       DefaultValuedAttr<I64Attr, "0">:$start_dim,
                       DefaultValuedAttr<I64Attr, "-1">:$end_dim);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Sinter_ReductionOp<string mnemonic, Type operandType, string torchName,
                         string what>
    : Sinter_Op<mnemonic, [Pure]>, Sinter_InferredBy<"inferReduction"> {
  let summary = what # " over dimensions, as " # torchName;
  let description = [{
    The }] # what # [{ over the dimensions `dims` (all of them when `dims` is
    empty or absent), as `}] # torchName # [{(input, dims, keepdim)`. With
    `keepdim` the reduced dimensions stay with size 1. Negative dims count
    from the end.

    Example:
    ```mlir
    %r = sinter.}] # mnemonic # [{ %x {dims = array<i64: 1>} : (tensor<?x10xf32>) -> tensor<?xf32>
    %k = sinter.}] # mnemonic # [{ %x {dims = array<i64: 0>, keepdim = true} : (tensor<?x10xf32>) -> tensor<1x10xf32>
    %a = sinter.}] # mnemonic # [{ %x : (tensor<?x10xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins operandType:$input,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$dims,
                       DefaultValuedAttr<BoolAttr, "false">:$keepdim);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasCanonicalizer = 1;
}

def Sinter_SumOp : Sinter_ReductionOp<"sum", Sinter_NumericTensor,
                                      "torch.sum", "sum">;
def Sinter_MeanOp : Sinter_ReductionOp<"mean", Sinter_FloatTensor,
                                       "torch.mean", "mean">;
def Sinter_MaxOp : Sinter_ReductionOp<"max", Sinter_NumericTensor,
                                      "torch.amax", "maximum">;
def Sinter_MinOp : Sinter_ReductionOp<"min", Sinter_NumericTensor,
                                      "torch.amin", "minimum">;

def Sinter_ArgmaxOp : Sinter_Op<"argmax", [Pure]>,
                      Sinter_InferredBy<"inferArgmax"> {
  let summary = "index of the maximum, as torch.argmax";
  let description = [{
    The index (`i64`) of the largest element along `dim`, the first one on
    ties, as `torch.argmax(input, dim, keepdim)`. Without `dim`, the index into
    the flattened input, as a 0-d tensor.

    Example:
    ```mlir
    %pred = sinter.argmax %logits {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?xi64>
    ```
  }];
  let arguments = (ins Sinter_NumericTensor:$input,
                       OptionalAttr<I64Attr>:$dim,
                       DefaultValuedAttr<BoolAttr, "false">:$keepdim);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
}

//===----------------------------------------------------------------------===//
// nn
//===----------------------------------------------------------------------===//

def Sinter_EmbeddingOp : Sinter_Op<"embedding", [Pure]>,
                         Sinter_InferredBy<"inferEmbedding"> {
  let summary = "gather rows of a table, as F.embedding";
  let description = [{
    Row `indices[...]` of `weight` for every index, as
    `torch.nn.functional.embedding(indices, weight)`: `[...] x [num, dim] ->
    [..., dim]`. An index outside `[0, num)` is a run-time error.

    Example:
    ```mlir
    %e = sinter.embedding %tokens, %table : (tensor<?x16xi64>, tensor<1000x64xf32>) -> tensor<?x16x64xf32>
    ```
  }];
  let arguments = (ins Sinter_IndexTensor:$indices,
                       Sinter_FloatTensor:$weight);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$indices `,` $weight attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
}

def Sinter_EmbeddingDenseBackwardOp
    : Sinter_Op<"embedding_dense_backward", [Pure]>,
      Sinter_InferredBy<"inferEmbeddingDenseBackward"> {
  let summary = "scatter-add rows into a table, as embedding's backward";
  let description = [{
    The gradient of `sinter.embedding` with respect to its table, as
    `torch.ops.aten.embedding_dense_backward`: a zero `[num_weights, dim]`
    table to which row `n` of `grad` is added at row `indices[n]`, for every
    index (repeated indices accumulate). `grad` is `[..., dim]` with the
    leading dimensions of `indices`. An index outside `[0, num_weights)` is a
    run-time error.

    Example:
    ```mlir
    %dw = sinter.embedding_dense_backward %g, %tokens {num_weights = 1000 : i64} : (tensor<?x16x64xf32>, tensor<?x16xi64>) -> tensor<1000x64xf32>
    ```
  }];
  let arguments = (ins Sinter_FloatTensor:$grad, Sinter_IndexTensor:$indices,
                       I64Attr:$num_weights);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat = "$grad `,` $indices attr-dict `:` "
                       "functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
}

def Sinter_DropoutOp : Sinter_Op<"dropout", [Pure]>,
                       Sinter_InferredBy<"inferDropout"> {
  let summary = "zero elements with probability p, as F.dropout in training";
  let description = [{
    Training-mode dropout, as `F.dropout(input, p, training=True)`: each
    element is kept with probability `1 - p` and scaled by `1 / (1 - p)`, or
    set to zero (`p = 1` zeroes everything). Element `i` (row-major index) is
    kept when `u >= p`, where `u` is the `f32` uniform unit in [0, 1) that
    `sinter.uniform` documents for (`seed`, `stream`, `i`) (`f32` whatever the
    input's element type, so f32 and f64 programs draw the same mask); the mask is the same on every
    backend for the same `seed`, `stream` and shape. The seed is a run-time
    operand so that a training step can draw a new mask each step; `stream`
    tells apart dropout layers that share a seed.

    Example:
    ```mlir
    %y = sinter.dropout %x, %seed {p = 5.000000e-01 : f64, stream = 3 : i64} : (tensor<?x128xf32>, tensor<i64>) -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins Sinter_FloatTensor:$input, Sinter_SeedTensor:$seed,
                       F64Attr:$p, DefaultValuedAttr<I64Attr, "0">:$stream);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat = "$input `,` $seed attr-dict `:` "
                       "functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
}

def Sinter_OneHotOp : Sinter_Op<"one_hot", [Pure]>,
                      Sinter_InferredBy<"inferOneHot"> {
  let summary = "one-hot encoding of class indices, as F.one_hot";
  let description = [{
    `[...] -> [..., num_classes]` of `i64`, 1 at each index and 0 elsewhere,
    as `torch.nn.functional.one_hot(indices, num_classes)`. An index outside
    `[0, num_classes)` is a run-time error.

    Example:
    ```mlir
    %oh = sinter.one_hot %labels {num_classes = 10 : i64} : (tensor<?xi64>) -> tensor<?x10xi64>
    ```
  }];
  let arguments = (ins Sinter_IndexTensor:$indices, I64Attr:$num_classes);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat =
      "$indices attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

class Sinter_LossOp<string mnemonic, Type targetType, string rule>
    : Sinter_Op<mnemonic, [Pure]>, Sinter_InferredBy<rule> {
  let arguments = (ins Sinter_FloatTensor:$input, targetType:$target,
      DefaultValuedAttr<Sinter_ReductionAttr, "Reduction::Mean">:$reduction);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat = "$input `,` $target attr-dict `:` "
                       "functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
}

def Sinter_MseLossOp : Sinter_LossOp<"mse_loss", Sinter_FloatTensor,
                                     "inferElementwiseLoss"> {
  let summary = "mean squared error, as F.mse_loss";
  let description = [{
    `(input - target)²` per element, reduced by `reduction` (`mean`, the
    default, `sum` or `none`), as `torch.nn.functional.mse_loss`. `input` and
    `target` have the same type.

    Example:
    ```mlir
    %l = sinter.mse_loss %y, %t : (tensor<1000x3xf32>, tensor<1000x3xf32>) -> tensor<f32>
    %s = sinter.mse_loss %y, %t {reduction = #sinter.reduction<sum>} : (tensor<1000x3xf32>, tensor<1000x3xf32>) -> tensor<f32>
    ```
  }];
}

def Sinter_BinaryCrossEntropyOp
    : Sinter_LossOp<"binary_cross_entropy", Sinter_FloatTensor,
                    "inferElementwiseLoss"> {
  let summary = "binary cross-entropy of probabilities, as F.binary_cross_entropy";
  let description = [{
    `-(t·log(p) + (1-t)·log(1-p))` per element, with each log clamped below at
    -100 as PyTorch does, reduced by `reduction`, as
    `torch.nn.functional.binary_cross_entropy(input, target)`. `input` holds
    probabilities; `input` and `target` have the same type.

    Example:
    ```mlir
    %l = sinter.binary_cross_entropy %p, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    ```
  }];
}

def Sinter_BinaryCrossEntropyWithLogitsOp
    : Sinter_LossOp<"binary_cross_entropy_with_logits", Sinter_FloatTensor,
                    "inferElementwiseLoss"> {
  let summary = "binary cross-entropy of logits, as F.binary_cross_entropy_with_logits";
  let description = [{
    `binary_cross_entropy(sigmoid(x), t)` per element, computed stably as
    `max(x, 0) - x·t + log(1 + exp(-|x|))`, reduced by `reduction`, as
    `torch.nn.functional.binary_cross_entropy_with_logits(input, target)`.

    Example:
    ```mlir
    %l = sinter.binary_cross_entropy_with_logits %z, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    ```
  }];
}

def Sinter_CrossEntropyOp : Sinter_LossOp<"cross_entropy", Sinter_Tensor,
                                          "inferClassLoss"> {
  let summary = "cross-entropy with class-index targets, as F.cross_entropy";
  let description = [{
    `-log_softmax(input, 1)[n, target[n]]` per sample, reduced by
    `reduction`, as `torch.nn.functional.cross_entropy(input, target)` with
    class-index targets: `input` is `[N, C]` logits and `target` is `[N]` of
    `i64` or `i32` (or `[C]` and a 0-d target, unbatched). A target outside
    `[0, C)` is a run-time error.

    Example:
    ```mlir
    %l = sinter.cross_entropy %logits, %labels : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
    ```
  }];
}

def Sinter_NllLossOp : Sinter_LossOp<"nll_loss", Sinter_Tensor,
                                     "inferClassLoss"> {
  let summary = "negative log-likelihood, as F.nll_loss";
  let description = [{
    `-input[n, target[n]]` per sample, reduced by `reduction`, as
    `torch.nn.functional.nll_loss(input, target)`: `input` is `[N, C]`
    log-probabilities and `target` is `[N]` class indices (`i64` or `i32`).

    Example:
    ```mlir
    %l = sinter.nll_loss %logp, %labels {reduction = #sinter.reduction<sum>} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Random numbers
//===----------------------------------------------------------------------===//

class Sinter_RandomOp<string mnemonic>
    : Sinter_Op<mnemonic, [Pure]>, Sinter_InferredBy<"inferRandom"> {
  let results = (outs Sinter_FloatTensor:$result);
  let assemblyFormat = "$seed attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
}

def Sinter_UniformOp : Sinter_RandomOp<"uniform"> {
  let summary = "counter-based uniform random numbers";
  let description = [{
    A tensor of shape `shape` and element type `dtype` (`f32` or `f64`) drawn
    from U(`low`, `high`) (finite, `low <= high`), as
    `torch.empty(shape).uniform_(low, high)`, but
    counter-based, so the numbers depend only on (`seed`, `stream`, element
    index) and are the same on every backend:

    element `i` (row-major) is `low + (high - low) * u`, where
    `(w0, w1, w2, w3) = Philox4x32-10(counter = (lo32(i), hi32(i), lo32(stream),
    hi32(stream)), key = (lo32(seed), hi32(seed)))` and `u = (w0 >> 8) · 2⁻²⁴`
    for `f32`, `u = ((w0 >> 5) · 2²⁶ + (w1 >> 6)) · 2⁻⁵³` for `f64`.

    Example:
    ```mlir
    %w = sinter.uniform %seed {shape = array<i64: 256, 784>, dtype = f32, low = -3.5714e-02 : f64, high = 3.5714e-02 : f64, stream = 1 : i64} : (tensor<i64>) -> tensor<256x784xf32>
    ```
  }];
  let arguments = (ins Sinter_SeedTensor:$seed, DenseI64ArrayAttr:$shape,
                       Sinter_DTypeAttr:$dtype,
                       DefaultValuedAttr<F64Attr, "0.0">:$low,
                       DefaultValuedAttr<F64Attr, "1.0">:$high,
                       DefaultValuedAttr<I64Attr, "0">:$stream);
  let hasVerifier = 1;
}

def Sinter_NormalOp : Sinter_RandomOp<"normal"> {
  let summary = "counter-based normal random numbers";
  let description = [{
    A tensor of shape `shape` and element type `dtype` drawn from
    N(`mean`, `std`²) (finite, `std >= 0`), as
    `torch.empty(shape).normal_(mean, std)`, but
    counter-based: element `i` is `mean + std * sqrt(-2 ln u1) · cos(2π u2)`
    (Box–Muller) with `u1 = 1 - a`, `u2 = b`, where `a` and `b` are the
    `sinter.uniform` values of words `w0` and `w2` of the same Philox call
    (for `f64`, of `(w0, w1)` and `(w2, w3)`).

    Example:
    ```mlir
    %e = sinter.normal %seed {shape = array<i64: 1000, 64>, dtype = f32, stream = 2 : i64} : (tensor<i64>) -> tensor<1000x64xf32>
    ```
  }];
  let arguments = (ins Sinter_SeedTensor:$seed, DenseI64ArrayAttr:$shape,
                       Sinter_DTypeAttr:$dtype,
                       DefaultValuedAttr<F64Attr, "0.0">:$mean,
                       DefaultValuedAttr<F64Attr, "1.0">:$std,
                       DefaultValuedAttr<I64Attr, "0">:$stream);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Sinter_ConstantOp : Sinter_Op<"constant", [ConstantLike, Pure]>,
                        Sinter_InferredBy<"inferConstant"> {
  let summary = "a tensor literal";
  let description = [{
    A tensor whose elements are given by the dense elements attribute
    `value`, as `torch.tensor(...)`.

    Example:
    ```mlir
    %c = sinter.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
    %z = sinter.constant dense<0.0> : tensor<f32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let extraClassDefinition = inferDefinition;
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Sinter_FullOp : Sinter_Op<"full", [ConstantLike, Pure]>,
                    Sinter_InferredBy<"inferFull"> {
  let summary = "a tensor filled with one value, as torch.full";
  let description = [{
    A tensor of shape `shape` with every element `value`, as
    `torch.full(shape, value)`; the element type is the type of `value`.

    Example:
    ```mlir
    %z = sinter.full {shape = array<i64: 256>, value = 0.0 : f32} : () -> tensor<256xf32>
    ```
  }];
  let arguments = (ins DenseI64ArrayAttr:$shape, TypedAttrInterface:$value);
  let results = (outs Sinter_Tensor:$result);
  let assemblyFormat = "attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = inferDefinition;
  let hasFolder = 1;
}

#endif // SINTER_OPS
