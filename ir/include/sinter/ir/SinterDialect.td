//===- SinterDialect.td - The sinter dialect ---------------*- tablegen -*-===//
//
// The dialect Sinter records models into. Ops work on builtin ranked tensors
// and are named, and behave, as PyTorch's functional API does, so that a
// PyTorch user reads the IR at sight.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_DIALECT
#define SINTER_DIALECT

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Sinter_Dialect : Dialect {
  let name = "sinter";
  let cppNamespace = "::mlir::sinter";
  let summary = "Neural-network training programs on ranked tensors";
  let description = [{
    The `sinter` dialect holds the ops of a neural-network training program:
    forward computation, losses, the gradients the autodiff pass derives and
    the optimizer updates, all on builtin ranked tensors of `f32`, `f64`,
    `i64`, `i32` and `i1`. Every dimension is static except a leading batch
    dimension, which may be dynamic (`?`).

    Op names, operand orders and semantics follow PyTorch's functional API
    (`torch.add`, `torch.nn.functional.linear`, `F.cross_entropy`, ...):
    elementwise ops broadcast as PyTorch does, dimensions may be given
    negative (counted from the end), reductions take `dims` and `keepdim`,
    losses take `reduction`. Unlike PyTorch there is no implicit type
    promotion: operands of an elementwise op share their element type, and
    `sinter.cast` converts.

    Every op infers its result type from its operands and attributes, and its
    verifier names the rule an ill-formed op breaks.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
}

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Sinter_Reduction : I32EnumAttr<"Reduction",
    "how a loss reduces its per-element values", [
      I32EnumAttrCase<"None", 0, "none">,
      I32EnumAttrCase<"Mean", 1, "mean">,
      I32EnumAttrCase<"Sum", 2, "sum">
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::sinter";
}

def Sinter_ReductionAttr : EnumAttr<Sinter_Dialect, Sinter_Reduction,
                                    "reduction"> {
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Sinter_Tensor : RankedTensorOf<[F32, F64, I64, I32, I1]>;
def Sinter_FloatTensor : RankedTensorOf<[F32, F64]>;
def Sinter_NumericTensor : RankedTensorOf<[F32, F64, I64, I32]>;
def Sinter_IndexTensor : RankedTensorOf<[I64, I32]>;
def Sinter_BoolTensor : RankedTensorOf<[I1]>;
def Sinter_SeedTensor : 0DTensorOf<[I64]>;

def Sinter_ElementType : Type<
    Or<[F32.predicate, F64.predicate, I64.predicate, I32.predicate,
        I1.predicate]>, "f32, f64, i64, i32 or i1">;

def Sinter_DTypeAttr : TypeAttrOf<Sinter_ElementType>;

#endif // SINTER_DIALECT
