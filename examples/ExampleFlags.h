//===- ExampleFlags.h - The examples' command lines -------------*- C++ -*-===//
//
// Every example takes flags of one form, `--name value`. A program says
// which flags it takes and where each value goes, then reads its command
// line:
//
//   example::Flags flags("sinter-example-perceptron",
//                        "[--target interp|cpu] [--steps N]");
//   sinter::Target target = sinter::Target::cpu();
//   int64_t steps = 500;
//   flags.target(&target);
//   flags.positiveInt("--steps", &steps);
//   if (std::optional<int> status = flags.parse(argc, argv))
//     return *status;
//
// A flag the program does not take, or one without its value, ends the
// program with status 1 and
//
//   sinter-example-perceptron: error: unknown argument '--step'
//   usage: sinter-example-perceptron [--target interp|cpu] [--steps N]
//
// on stderr; a value the flag rejects, with the first line only, which says
// what is wrong:
//
//   sinter-example-perceptron: error: --steps takes a positive integer, got '0'
//
// The program reports its own errors the same way, with flags.fail(message).
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_EXAMPLES_EXAMPLEFLAGS_H
#define SINTER_EXAMPLES_EXAMPLEFLAGS_H

#include "sinter/Compile.h"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace example {

// The value parsers behind the flags, for the programs' own flags (lists,
// say) too.

/// Parses all of `text` as a number; nullopt for "", "1e-3x", "nan", "inf".
inline std::optional<double> parseNumber(const std::string &text) {
  if (text.empty())
    return std::nullopt;
  char *end = nullptr;
  errno = 0;
  double value = std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

/// Parses all of `text` as a base-10 integer.
inline std::optional<int64_t> parseInteger(const std::string &text) {
  if (text.empty())
    return std::nullopt;
  char *end = nullptr;
  errno = 0;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end != text.c_str() + text.size())
    return std::nullopt;
  return value;
}

/// "a,b,c" -> {"a", "b", "c"}; empty fields are kept (and then rejected by
/// whoever parses them).
inline std::vector<std::string> splitList(const std::string &text) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    fields.push_back(text.substr(start, comma - start));
    if (comma == std::string::npos)
      return fields;
    start = comma + 1;
  }
}

/// The flags a program takes, each read into a variable of the program's
/// (see the top of this file).
class Flags {
public:
  /// Reads a flag's value into the program's variables. Returns what is
  /// wrong with the value, or "" when it is good.
  using Reader = std::function<std::string(const std::string &value)>;

  /// `usage` is what the usage line shows after the program's name.
  Flags(std::string program, std::string usage)
      : program_(std::move(program)), usage_(std::move(usage)) {}

  /// Adds --help (and -h), which prints the usage line and then `text`, a
  /// line per flag, on stdout. Errors then point to --help instead of
  /// showing the usage line, and call an unknown --flag an option.
  void help(std::string text) { help_ = std::move(text); }

  /// --target interp|cpu: the reference interpreter or this CPU.
  void target(sinter::Target *out) {
    custom("--target", [out](const std::string &value) -> std::string {
      if (value == "interp")
        *out = sinter::Target::interpreter();
      else if (value == "cpu")
        *out = sinter::Target::cpu();
      else
        return "unknown target '" + value + "' (expected interp or cpu)";
      return "";
    });
  }

  /// NAME N, with N a whole number from 1 up.
  void positiveInt(const std::string &name, int64_t *out) {
    integer(name, out, 1, "a positive integer");
  }

  /// NAME N, with N a whole number from 0 up.
  void nonNegativeInt(const std::string &name, int64_t *out) {
    integer(name, out, 0, "a non-negative integer");
  }

  /// NAME X, with X a number above 0.
  void positiveNumber(const std::string &name, double *out) {
    custom(name, [name, out](const std::string &value) -> std::string {
      std::optional<double> x = parseNumber(value);
      if (!x || *x <= 0)
        return name + " takes a positive number, got '" + value + "'";
      *out = *x;
      return "";
    });
  }

  /// NAME TEXT, any text (a file name, say).
  void string(const std::string &name, std::string *out) {
    custom(name, [out](const std::string &value) -> std::string {
      *out = value;
      return "";
    });
  }

  /// NAME VALUE, read by `read`. It is called once for every time NAME is
  /// given.
  void custom(const std::string &name, Reader read) {
    readers_[name] = std::move(read);
  }

  /// Reads the command line into the variables the flags above name, in
  /// order. Returns the status to exit with when the program should stop
  /// here: 1 after an error, 0 after --help; nullopt when it should go on.
  std::optional<int> parse(int argc, char **argv) const {
    for (int i = 1; i < argc; ++i) {
      std::string flag = argv[i];
      if (!help_.empty() && (flag == "--help" || flag == "-h")) {
        std::printf("usage: %s %s\n%s", program_.c_str(), usage_.c_str(),
                    help_.c_str());
        return 0;
      }
      auto reader = readers_.find(flag);
      if (reader == readers_.end())
        return usageError(unknown(flag));
      if (i + 1 >= argc)
        return usageError(flag + " needs a value");
      std::string error = reader->second(argv[++i]);
      if (!error.empty())
        return fail(error);
    }
    return std::nullopt;
  }

  /// Prints "PROGRAM: error: MESSAGE" on stderr; returns 1, the status to
  /// exit with.
  int fail(const std::string &message) const {
    std::fprintf(stderr, "%s: error: %s\n", program_.c_str(), message.c_str());
    return 1;
  }

private:
  void integer(const std::string &name, int64_t *out, int64_t least,
               const std::string &what) {
    custom(name, [=](const std::string &value) -> std::string {
      std::optional<int64_t> n = parseInteger(value);
      if (!n || *n < least)
        return name + " takes " + what + ", got '" + value + "'";
      *out = *n;
      return "";
    });
  }

  /// What to call an argument that is no flag of the program's.
  std::string unknown(const std::string &arg) const {
    if (help_.empty())
      return "unknown argument '" + arg + "'";
    if (arg.rfind("--", 0) != 0)
      return "unexpected argument '" + arg + "'";
    return "unknown option '" + arg + "'";
  }

  /// fail() for a flag that is not there or has no value, with the way to
  /// the right ones.
  int usageError(const std::string &message) const {
    if (!help_.empty())
      return fail(message + " (see --help)");
    return fail(message + "\nusage: " + program_ + " " + usage_);
  }

  std::string program_, usage_, help_;
  std::map<std::string, Reader> readers_; // by flag name
};

} // namespace example

#endif // SINTER_EXAMPLES_EXAMPLEFLAGS_H
