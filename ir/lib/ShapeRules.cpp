//===- ShapeRules.cpp - The shape rules of sinter ops ---------------------===//
#include "sinter/ir/ShapeRules.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace mlir::sinter;

namespace {
constexpr int64_t kDynamic = ShapedType::kDynamic;

bool isDynamic(int64_t d) { return d == kDynamic; }

std::string dimString(int64_t d) {
  return isDynamic(d) ? std::string("?") : std::to_string(d);
}

FailureOr<shape::Shape> fail(std::string &error, std::string message) {
  error = std::move(message);
  return failure();
}

/// Two sizes of the same dimension agree if equal or one is dynamic; the
/// merged size is the static one.
bool mergeDims(int64_t a, int64_t b, int64_t &merged) {
  if (isDynamic(a)) {
    merged = b;
    return true;
  }
  if (isDynamic(b) || a == b) {
    merged = a;
    return true;
  }
  return false;
}

/// Product of the static dimensions; sets `anyDynamic`. Fails when the
/// product does not fit in int64_t.
FailureOr<int64_t> staticProduct(ArrayRef<int64_t> shape, bool &anyDynamic) {
  int64_t n = 1;
  anyDynamic = false;
  for (int64_t d : shape) {
    if (isDynamic(d))
      anyDynamic = true;
    else if (llvm::MulOverflow(n, d, n))
      return failure();
  }
  return n;
}

FailureOr<shape::Shape> tooManyElements(std::string &error,
                                        ArrayRef<int64_t> shape) {
  return fail(error, "shape " + shape::format(shape) +
                         " has more elements than fit in a 64-bit count");
}
} // namespace

std::string shape::format(ArrayRef<int64_t> shape) {
  std::string s = "[";
  llvm::interleave(
      shape, [&](int64_t d) { s += dimString(d); }, [&] { s += ", "; });
  return s + "]";
}

FailureOr<int64_t> shape::normalizeDim(int64_t dim, int64_t rank,
                                       std::string &error) {
  if (dim < -rank || dim >= rank || rank == 0) {
    error = "dim " + std::to_string(dim) + " is out of range for a rank-" +
            std::to_string(rank) + " tensor (expected [" +
            std::to_string(-rank) + ", " + std::to_string(rank - 1) + "])";
    if (rank == 0)
      error = "dim " + std::to_string(dim) +
              " is out of range for a 0-d tensor, which has no dimensions";
    return failure();
  }
  return dim < 0 ? dim + rank : dim;
}

FailureOr<shape::Shape> shape::normalizeDims(ArrayRef<int64_t> dims,
                                             int64_t rank, std::string &error) {
  Shape result;
  if (dims.empty()) {
    for (int64_t i = 0; i < rank; ++i)
      result.push_back(i);
    return result;
  }
  for (int64_t d : dims) {
    FailureOr<int64_t> n = normalizeDim(d, rank, error);
    if (failed(n))
      return failure();
    if (llvm::is_contained(result, *n))
      return fail(error, "dim " + std::to_string(*n) +
                             " appears more than once in dims");
    result.push_back(*n);
  }
  llvm::sort(result);
  return result;
}

FailureOr<shape::Shape> shape::broadcast(ArrayRef<int64_t> lhs,
                                         ArrayRef<int64_t> rhs,
                                         std::string &error) {
  size_t rank = std::max(lhs.size(), rhs.size());
  Shape result(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Align from the right; a missing leading dimension acts as size 1.
    int64_t a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a == 1)
      result[i] = b;
    else if (b == 1)
      result[i] = a;
    else if (!mergeDims(a, b, result[i]))
      return fail(error, "shapes " + format(lhs) + " and " + format(rhs) +
                             " do not broadcast: dimension " +
                             std::to_string(i) + " is " + dimString(a) +
                             " vs " + dimString(b) + ", and neither is 1");
  }
  return result;
}

FailureOr<shape::Shape> shape::matmul(ArrayRef<int64_t> lhs,
                                      ArrayRef<int64_t> rhs,
                                      std::string &error) {
  if (lhs.size() < 2 || rhs.size() < 2)
    return fail(error, "matmul operands must have rank 2 or more, got " +
                           format(lhs) + " and " + format(rhs) +
                           " (unsqueeze a vector first)");
  int64_t k0 = lhs[lhs.size() - 1], k1 = rhs[rhs.size() - 2], k;
  if (!mergeDims(k0, k1, k))
    return fail(error, "contracting dimensions differ: " + dimString(k0) +
                           " vs " + dimString(k1));
  std::string batchError;
  FailureOr<Shape> batch =
      broadcast(lhs.drop_back(2), rhs.drop_back(2), batchError);
  if (failed(batch))
    return fail(error, "batch dimensions do not broadcast: " + batchError);
  Shape result = *batch;
  result.push_back(lhs[lhs.size() - 2]);
  result.push_back(rhs[rhs.size() - 1]);
  return result;
}

FailureOr<shape::Shape> shape::linear(ArrayRef<int64_t> input,
                                      ArrayRef<int64_t> weight,
                                      std::optional<ArrayRef<int64_t>> bias,
                                      std::string &error) {
  if (weight.size() != 2)
    return fail(error, "weight must be [out_features, in_features], got " +
                           format(weight));
  if (input.empty())
    return fail(error, "input must have rank 1 or more, got a 0-d tensor");
  int64_t in;
  if (!mergeDims(input.back(), weight[1], in))
    return fail(error, "input features differ: input " + format(input) +
                           " has " + dimString(input.back()) +
                           ", weight " + format(weight) + " expects " +
                           dimString(weight[1]));
  if (bias) {
    int64_t out;
    if (bias->size() != 1 || !mergeDims((*bias)[0], weight[0], out))
      return fail(error, "bias must be [" + dimString(weight[0]) +
                             "] for weight " + format(weight) + ", got " +
                             format(*bias));
  }
  Shape result(input.drop_back());
  result.push_back(weight[0]);
  return result;
}

FailureOr<shape::Shape> shape::transpose(ArrayRef<int64_t> input, int64_t dim0,
                                         int64_t dim1, std::string &error) {
  int64_t rank = input.size();
  FailureOr<int64_t> d0 = normalizeDim(dim0, rank, error);
  if (failed(d0))
    return failure();
  FailureOr<int64_t> d1 = normalizeDim(dim1, rank, error);
  if (failed(d1))
    return failure();
  Shape result(input);
  std::swap(result[*d0], result[*d1]);
  return result;
}

FailureOr<shape::Shape> shape::permute(ArrayRef<int64_t> input,
                                       ArrayRef<int64_t> dims,
                                       std::string &error) {
  int64_t rank = input.size();
  if (static_cast<int64_t>(dims.size()) != rank)
    return fail(error, "permute of a rank-" + std::to_string(rank) +
                           " tensor needs " + std::to_string(rank) +
                           " dims, got " + std::to_string(dims.size()));
  Shape result;
  llvm::SmallVector<bool> seen(rank, false);
  for (int64_t d : dims) {
    FailureOr<int64_t> n = normalizeDim(d, rank, error);
    if (failed(n))
      return failure();
    if (seen[*n])
      return fail(error, "dims " + format(dims) + " is not a permutation: " +
                             std::to_string(*n) + " appears twice");
    seen[*n] = true;
    result.push_back(input[*n]);
  }
  return result;
}

FailureOr<shape::Shape> shape::reshape(ArrayRef<int64_t> input,
                                       ArrayRef<int64_t> target,
                                       std::string &error) {
  int inferred = -1;
  int64_t known = 1;
  for (auto [i, d] : llvm::enumerate(target)) {
    if (d == -1) {
      if (inferred >= 0)
        return fail(error, "shape " + format(target) +
                               " has more than one -1");
      inferred = i;
    } else if (d < 0) {
      return fail(error, "shape " + format(target) +
                             " has a negative size other than -1");
    } else if (llvm::MulOverflow(known, d, known)) {
      return tooManyElements(error, target);
    }
  }
  bool inputDynamic;
  FailureOr<int64_t> inputProduct = staticProduct(input, inputDynamic);
  if (failed(inputProduct))
    return tooManyElements(error, input);
  int64_t inputStatic = *inputProduct;
  std::string inputSize = inputDynamic
                              ? "?*" + std::to_string(inputStatic)
                              : std::to_string(inputStatic);
  auto invalid = [&] {
    return fail(error, "shape " + format(target) +
                           " is invalid for input of size " + inputSize);
  };
  Shape result(target);
  if (!inputDynamic) {
    if (inferred >= 0) {
      if (known == 0 || inputStatic % known != 0)
        return invalid();
      result[inferred] = inputStatic / known;
    } else if (known != inputStatic) {
      return invalid();
    }
    return result;
  }
  // The input has a dynamic dimension: its element count is a multiple of
  // the product of its static ones (zero when one of them is 0).
  if (inferred >= 0) {
    // As in PyTorch, -1 next to a 0 is never valid: it is ambiguous for an
    // empty input and impossible for any other.
    if (known == 0)
      return invalid();
    result[inferred] = kDynamic;
    return result;
  }
  if (inputStatic == 0 ? known != 0 : known % inputStatic != 0)
    return invalid();
  return result;
}

FailureOr<shape::Shape> shape::broadcastTo(ArrayRef<int64_t> input,
                                           ArrayRef<int64_t> target,
                                           std::string &error) {
  if (target.size() < input.size())
    return fail(error, "cannot broadcast " + format(input) + " to " +
                           format(target) + ": the target has lower rank");
  size_t lead = target.size() - input.size();
  Shape result(target);
  for (size_t i = 0; i < target.size(); ++i) {
    int64_t t = target[i];
    if (t < -1)
      return fail(error, "shape " + format(target) +
                             " has a negative size other than -1");
    if (i < lead) {
      if (t == -1)
        return fail(error, "-1 is not allowed in new leading dimension " +
                               std::to_string(i) + " of shape " +
                               format(target));
      continue;
    }
    int64_t d = input[i - lead];
    if (t == -1 || t == d)
      result[i] = d;
    else if (d != 1 && !isDynamic(d))
      return fail(error, "cannot broadcast " + format(input) + " to " +
                             format(target) + ": dimension " +
                             std::to_string(i) + " is " + dimString(d) +
                             ", not 1 or " + std::to_string(t));
  }
  return result;
}

FailureOr<shape::Shape> shape::squeeze(ArrayRef<int64_t> input,
                                       ArrayRef<int64_t> dims,
                                       std::string &error) {
  int64_t rank = input.size();
  llvm::SmallVector<bool> drop(rank, false);
  if (dims.empty()) {
    for (int64_t i = 0; i < rank; ++i)
      drop[i] = input[i] == 1;
  } else {
    FailureOr<Shape> normalized = normalizeDims(dims, rank, error);
    if (failed(normalized))
      return failure();
    for (int64_t d : *normalized) {
      if (isDynamic(input[d]))
        return fail(error, "cannot squeeze dimension " + std::to_string(d) +
                               " of " + format(input) +
                               ": its size is not known");
      drop[d] = input[d] == 1;
    }
  }
  Shape result;
  for (int64_t i = 0; i < rank; ++i)
    if (!drop[i])
      result.push_back(input[i]);
  return result;
}

FailureOr<shape::Shape> shape::unsqueeze(ArrayRef<int64_t> input, int64_t dim,
                                         std::string &error) {
  // `dim` indexes the result, which has one more dimension than the input.
  int64_t rank = input.size();
  if (dim < -rank - 1 || dim > rank)
    return fail(error, "unsqueeze dim " + std::to_string(dim) +
                           " is out of range for a rank-" +
                           std::to_string(rank) + " input (expected [" +
                           std::to_string(-rank - 1) + ", " +
                           std::to_string(rank) + "])");
  int64_t d = dim < 0 ? dim + rank + 1 : dim;
  Shape result(input);
  result.insert(result.begin() + d, 1);
  return result;
}

FailureOr<shape::Shape> shape::concat(ArrayRef<Shape> inputs, int64_t dim,
                                      std::string &error) {
  if (inputs.empty())
    return fail(error, "concat needs at least one input");
  int64_t rank = inputs[0].size();
  FailureOr<int64_t> d = normalizeDim(dim, rank, error);
  if (failed(d))
    return failure();
  Shape result(inputs[0]);
  for (auto [n, in] : llvm::enumerate(inputs.drop_front())) {
    if (static_cast<int64_t>(in.size()) != rank)
      return fail(error, "concat inputs must have the same rank: input 0 is " +
                             format(inputs[0]) + ", input " +
                             std::to_string(n + 1) + " is " + format(in));
    for (int64_t i = 0; i < rank; ++i) {
      if (i == *d) {
        result[i] = isDynamic(result[i]) || isDynamic(in[i])
                        ? kDynamic
                        : result[i] + in[i];
      } else if (!mergeDims(result[i], in[i], result[i])) {
        return fail(error, "concat inputs differ outside dim " +
                               std::to_string(*d) + ": input 0 is " +
                               format(inputs[0]) + ", input " +
                               std::to_string(n + 1) + " is " + format(in));
      }
    }
  }
  return result;
}

FailureOr<shape::SliceBounds> shape::sliceBounds(int64_t dimSize,
                                                 int64_t start, int64_t end,
                                                 int64_t step,
                                                 std::string &error) {
  if (step <= 0) {
    error = "slice step must be positive, got " + std::to_string(step);
    return failure();
  }
  // Python's clamping of slice bounds.
  auto clampIndex = [&](int64_t i) {
    if (i < 0)
      i = i < -dimSize ? 0 : i + dimSize;
    return std::min(i, dimSize);
  };
  int64_t s = clampIndex(start), e = clampIndex(end);
  // ceil((e - s) / step), written so that a huge step cannot overflow.
  int64_t size = e > s ? (e - s - 1) / step + 1 : 0;
  return SliceBounds{s, size, step};
}

FailureOr<shape::Shape> shape::slice(ArrayRef<int64_t> input, int64_t dim,
                                     int64_t start, int64_t end, int64_t step,
                                     std::string &error) {
  FailureOr<int64_t> d = normalizeDim(dim, input.size(), error);
  if (failed(d))
    return failure();
  Shape result(input);
  if (isDynamic(input[*d])) {
    if (step <= 0)
      return fail(error, "slice step must be positive, got " +
                             std::to_string(step));
    return result;
  }
  FailureOr<SliceBounds> bounds =
      sliceBounds(input[*d], start, end, step, error);
  if (failed(bounds))
    return failure();
  result[*d] = bounds->size;
  return result;
}

FailureOr<shape::Shape> shape::flatten(ArrayRef<int64_t> input,
                                       int64_t startDim, int64_t endDim,
                                       std::string &error) {
  if (input.empty())
    return Shape{1};
  int64_t rank = input.size();
  FailureOr<int64_t> s = normalizeDim(startDim, rank, error);
  if (failed(s))
    return failure();
  FailureOr<int64_t> e = normalizeDim(endDim, rank, error);
  if (failed(e))
    return failure();
  if (*s > *e)
    return fail(error, "flatten start_dim " + std::to_string(startDim) +
                           " comes after end_dim " + std::to_string(endDim));
  Shape result(input.take_front(*s));
  bool anyDynamic;
  FailureOr<int64_t> merged =
      staticProduct(input.slice(*s, *e - *s + 1), anyDynamic);
  if (failed(merged))
    return tooManyElements(error, input);
  result.push_back(anyDynamic ? kDynamic : *merged);
  result.append(input.begin() + *e + 1, input.end());
  return result;
}

FailureOr<shape::Shape> shape::reduce(ArrayRef<int64_t> input,
                                      ArrayRef<int64_t> dims, bool keepdim,
                                      std::string &error) {
  FailureOr<Shape> reduced = normalizeDims(dims, input.size(), error);
  if (failed(reduced))
    return failure();
  Shape result;
  for (auto [i, d] : llvm::enumerate(input)) {
    if (!llvm::is_contained(*reduced, static_cast<int64_t>(i)))
      result.push_back(d);
    else if (keepdim)
      result.push_back(1);
  }
  return result;
}

FailureOr<shape::Shape> shape::argmax(ArrayRef<int64_t> input,
                                      std::optional<int64_t> dim, bool keepdim,
                                      std::string &error) {
  if (!dim) {
    if (llvm::is_contained(input, 0))
      return fail(error, "argmax of an empty tensor " + format(input));
    return keepdim ? Shape(input.size(), 1) : Shape();
  }
  if (input.empty())
    return fail(error, "argmax over dim " + std::to_string(*dim) +
                           " of a 0-d tensor; omit dim instead");
  FailureOr<int64_t> d = normalizeDim(*dim, input.size(), error);
  if (failed(d))
    return failure();
  if (input[*d] == 0)
    return fail(error, "argmax over dimension " + std::to_string(*d) +
                           " of size 0");
  return reduce(input, {*d}, keepdim, error);
}

FailureOr<shape::Shape> shape::embedding(ArrayRef<int64_t> indices,
                                         ArrayRef<int64_t> weight,
                                         std::string &error) {
  if (weight.size() != 2)
    return fail(error,
                "embedding weight must be [num_embeddings, embedding_dim], "
                "got " +
                    format(weight));
  Shape result(indices);
  result.push_back(weight[1]);
  return result;
}

FailureOr<shape::Shape> shape::embeddingDenseBackward(
    ArrayRef<int64_t> grad, ArrayRef<int64_t> indices, int64_t numWeights,
    std::string &error) {
  if (numWeights < 0)
    return fail(error, "num_weights must be >= 0, got " +
                           std::to_string(numWeights));
  if (grad.size() != indices.size() + 1)
    return fail(error, "grad must be indices' shape plus a row dimension: "
                       "indices " +
                           format(indices) + ", grad " + format(grad));
  for (size_t i = 0; i < indices.size(); ++i) {
    int64_t merged;
    if (!mergeDims(grad[i], indices[i], merged))
      return fail(error, "grad " + format(grad) +
                             " does not match indices " + format(indices) +
                             " in dimension " + std::to_string(i));
  }
  return Shape{numWeights, grad.back()};
}

FailureOr<shape::Shape> shape::oneHot(ArrayRef<int64_t> indices,
                                      int64_t numClasses, std::string &error) {
  if (numClasses <= 0)
    return fail(error, "num_classes must be positive, got " +
                           std::to_string(numClasses));
  Shape result(indices);
  result.push_back(numClasses);
  return result;
}

FailureOr<shape::Shape> shape::elementwiseLoss(ArrayRef<int64_t> input,
                                               ArrayRef<int64_t> target,
                                               bool reduced,
                                               std::string &error) {
  Shape merged(input);
  bool same = input.size() == target.size();
  for (size_t i = 0; same && i < input.size(); ++i)
    same = mergeDims(input[i], target[i], merged[i]);
  if (!same)
    return fail(error, "input and target shapes differ: " + format(input) +
                           " vs " + format(target));
  return reduced ? Shape() : merged;
}

FailureOr<shape::Shape> shape::classLoss(ArrayRef<int64_t> input,
                                         ArrayRef<int64_t> target,
                                         bool reduced, std::string &error) {
  if (input.size() != 1 && input.size() != 2)
    return fail(error, "input must be [N, C] scores (or [C] for one sample), "
                       "got " +
                           format(input));
  if (target.size() != input.size() - 1)
    return fail(error, "target must be [N] class indices for input " +
                           format(input) + ", got " + format(target));
  if (input.size() == 1)
    return Shape();
  int64_t n;
  if (!mergeDims(input[0], target[0], n))
    return fail(error, "batch sizes differ: input has " +
                           dimString(input[0]) + ", target has " +
                           dimString(target[0]));
  return reduced ? Shape() : Shape{n};
}

LogicalResult shape::staticShape(ArrayRef<int64_t> shape, std::string &error) {
  for (int64_t d : shape) {
    if (d < 0) {
      error = "shape " + format(shape) + " must have sizes >= 0";
      return failure();
    }
  }
  return success();
}
